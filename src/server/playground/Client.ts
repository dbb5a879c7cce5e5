/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The playground's browser script (served as `/playground/app.js`): fills the dropdowns from the schema
 * endpoints, builds a run request from the form, starts it with `POST /api/runs`, follows it over
 * Server-Sent Events, and saves the mapping as a formatter. Self-contained (no imports), no framework;
 * every piece of data reaches the page through `textContent` or option values, never as HTML.
 */

interface Config {
  readonly apiBase: string
  readonly operators: ReadonlyArray<string>
  readonly cursorModes: ReadonlyArray<string>
  readonly resources: ReadonlyArray<string>
  readonly transforms: ReadonlyArray<string>
}

interface FieldInfo {
  readonly name: string
  readonly type: string
  readonly prefilter?: { readonly operators?: ReadonlyArray<string> }
}

interface FieldPath {
  readonly path: string
  readonly type: string
}

interface ErrorBody {
  readonly code: string
  readonly message: string
  readonly field?: string
}

interface Snapshot {
  readonly run_id: string
  readonly status: "running" | "succeeded" | "failed"
  readonly counters: Record<string, number>
  readonly batches: number
  readonly cursor?: unknown
  readonly result?: unknown
  readonly error?: ErrorBody
}

const config: Config = JSON.parse(document.getElementById("playground-config")!.textContent ?? "{}")
const api = config.apiBase

const byId = <E extends HTMLElement>(id: string): E => {
  const el = document.getElementById(id)
  if (!el) throw new Error(`missing element #${id}`)
  return el as E
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
  if (text !== undefined) node.textContent = text
  return node
}

class ApiFailure extends Error {
  constructor(
    readonly body: ErrorBody,
    readonly status: number
  ) {
    super(body.message)
  }
}

const call = async <A>(path: string, init?: { readonly method?: string; readonly body?: unknown }): Promise<A> => {
  const response = await fetch(`${api}${path}`, {
    method: init?.method ?? "GET",
    credentials: "same-origin",
    // The custom header marks the page's own calls (a page on another site cannot send it without a CORS preflight).
    headers: {
      accept: "application/json",
      "x-hrtech-etl": "playground",
      ...(init?.body === undefined ? {} : { "content-type": "application/json" })
    },
    ...(init?.body === undefined ? {} : { body: JSON.stringify(init.body) })
  })
  const text = await response.text()
  const data = text === "" ? undefined : JSON.parse(text)
  if (!response.ok) {
    const body: ErrorBody = data?.error ?? { code: `http_${response.status}`, message: response.statusText }
    throw new ApiFailure(body, response.status)
  }
  return data as A
}

// ---------------------------------------------------------------------------------------------
// Form state: connector lists, field lists, dynamic rows
// ---------------------------------------------------------------------------------------------

const originInput = byId<HTMLInputElement>("origin")
const targetInput = byId<HTMLInputElement>("target")
const resourceSelect = byId<HTMLSelectElement>("resource")
const operationSelect = byId<HTMLSelectElement>("operation")
const pushModeSelect = byId<HTMLSelectElement>("push-mode")
const statusLine = byId<HTMLParagraphElement>("status")
const errorLine = byId<HTMLParagraphElement>("error")

let originPaths: ReadonlyArray<FieldPath> = []
let targetPaths: ReadonlyArray<FieldPath> = []
let prefilterable: ReadonlyArray<FieldInfo> = []

/**
 * Who wrote the error line. Field lists load in the background: a load that succeeds clears only an
 * error a load wrote, never the answer to a run the user started meanwhile.
 */
type ErrorSource = "schema" | "action"
let errorFrom: ErrorSource | undefined

const showError = (error: unknown, from: ErrorSource = "action") => {
  if (error instanceof ApiFailure) {
    errorLine.textContent = `${error.body.code}${error.body.field ? ` (${error.body.field})` : ""}: ${error.body.message}`
  } else {
    errorLine.textContent = error instanceof Error ? error.message : String(error)
  }
  errorFrom = from
}

const clearError = (from: ErrorSource = "action") => {
  if (from === "action" || errorFrom === "schema") {
    errorLine.textContent = ""
    errorFrom = undefined
  }
}

const setStatus = (state: string, text: string) => {
  statusLine.dataset.state = state
  statusLine.textContent = text
}

/** Replaces a select's options, keeping its value when still offered. */
const fillSelect = (select: HTMLSelectElement, values: ReadonlyArray<{ readonly value: string; readonly label: string }>, placeholder?: string) => {
  const previous = select.value
  select.replaceChildren()
  if (placeholder !== undefined) select.append(el("option", { value: "" }, placeholder))
  for (const v of values) select.append(el("option", { value: v.value }, v.label))
  if (values.some((v) => v.value === previous)) select.value = previous
}

const pathOptions = (paths: ReadonlyArray<FieldPath>) => paths.map((p) => ({ value: p.path, label: `${p.path} (${p.type})` }))

const schemaPath = (connector: string) => `${encodeURIComponent(connector)}/${encodeURIComponent(resourceSelect.value)}`

const loadOrigin = async () => {
  const origin = originInput.value.trim()
  if (origin === "") return
  try {
    const [paths, fields] = await Promise.all([
      call<ReadonlyArray<FieldPath>>(`/fields/${schemaPath(origin)}`),
      call<ReadonlyArray<FieldInfo>>(`/schema/${schemaPath(origin)}?only_prefilterable=true`)
    ])
    originPaths = paths
    prefilterable = fields
    clearError("schema")
  } catch (e) {
    originPaths = []
    prefilterable = []
    showError(e, "schema")
  }
  refreshRows()
}

const loadTarget = async () => {
  const target = targetInput.value.trim()
  if (target === "") return
  try {
    targetPaths = await call<ReadonlyArray<FieldPath>>(`/fields/${schemaPath(target)}`)
    clearError("schema")
  } catch (e) {
    targetPaths = []
    showError(e, "schema")
  }
  refreshRows()
}

const debounce = (fn: () => void, ms: number) => {
  let timer: ReturnType<typeof setTimeout> | undefined
  return () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(fn, ms)
  }
}

let rowCounter = 0

const removeButton = (row: HTMLTableRowElement, label: string) => {
  const button = el("button", { type: "button", class: "remove", "aria-label": label }, "Remove")
  button.addEventListener("click", () => row.remove())
  return button
}

const cell = (child: HTMLElement) => {
  const td = el("td")
  td.append(child)
  return td
}

const addMappingRow = () => {
  const n = rowCounter++
  const row = el("tr", { class: "mapping-row" })
  const from = el("select", { id: `mapping-from-${n}`, class: "mapping-from", "aria-label": `Mapping ${n + 1}: origin field` })
  const to = el("select", { id: `mapping-to-${n}`, class: "mapping-to", "aria-label": `Mapping ${n + 1}: target field` })
  const transform = el("select", { id: `mapping-transform-${n}`, class: "mapping-transform", "aria-label": `Mapping ${n + 1}: transform` })
  fillSelect(
    transform,
    config.transforms.map((t) => ({ value: t, label: t })),
    "none"
  )
  row.append(cell(from), cell(to), cell(transform), cell(removeButton(row, `Remove mapping ${n + 1}`)))
  byId("mapping-rows").append(row)
  refreshRows()
}

const addWhereRow = () => {
  const n = rowCounter++
  const row = el("tr", { class: "where-row" })
  const field = el("select", { id: `where-field-${n}`, class: "where-field", "aria-label": `WHERE ${n + 1}: field` })
  const op = el("select", { id: `where-op-${n}`, class: "where-op", "aria-label": `WHERE ${n + 1}: operator` })
  const value = el("input", { id: `where-value-${n}`, class: "where-value", "aria-label": `WHERE ${n + 1}: value`, autocomplete: "off" })
  field.addEventListener("change", () => refreshWhereOperators(field, op))
  row.append(cell(field), cell(op), cell(value), cell(removeButton(row, `Remove WHERE ${n + 1}`)))
  byId("where-rows").append(row)
  refreshRows()
}

const addHavingRow = () => {
  const n = rowCounter++
  const row = el("tr", { class: "having-row" })
  const field = el("select", { id: `having-field-${n}`, class: "having-field", "aria-label": `HAVING ${n + 1}: field` })
  const op = el("select", { id: `having-op-${n}`, class: "having-op", "aria-label": `HAVING ${n + 1}: operator` })
  fillSelect(
    op,
    config.operators.map((o) => ({ value: o, label: o }))
  )
  const value = el("input", { id: `having-value-${n}`, class: "having-value", "aria-label": `HAVING ${n + 1}: value`, autocomplete: "off" })
  row.append(cell(field), cell(op), cell(value), cell(removeButton(row, `Remove HAVING ${n + 1}`)))
  byId("having-rows").append(row)
  refreshRows()
}

const refreshWhereOperators = (field: HTMLSelectElement, op: HTMLSelectElement) => {
  const info = prefilterable.find((f) => f.name === field.value)
  fillSelect(
    op,
    (info?.prefilter?.operators ?? []).map((o) => ({ value: o, label: o }))
  )
}

/** Refills every row's dropdowns from the current field lists. */
const refreshRows = () => {
  for (const s of document.querySelectorAll<HTMLSelectElement>("select.mapping-from")) fillSelect(s, pathOptions(originPaths), "(default only)")
  for (const s of document.querySelectorAll<HTMLSelectElement>("select.mapping-to")) fillSelect(s, pathOptions(targetPaths), "choose…")
  for (const s of document.querySelectorAll<HTMLSelectElement>("select.having-field")) fillSelect(s, pathOptions(originPaths), "choose…")
  for (const row of document.querySelectorAll<HTMLTableRowElement>("tr.where-row")) {
    const field = row.querySelector<HTMLSelectElement>("select.where-field")!
    fillSelect(
      field,
      prefilterable.map((f) => ({ value: f.name, label: `${f.name} (${f.type})` })),
      "choose…"
    )
    refreshWhereOperators(field, row.querySelector<HTMLSelectElement>("select.where-op")!)
  }
}

const showOperation = () => {
  const push = operationSelect.value === "push"
  byId("pull-options").hidden = push
  byId("where-options").hidden = push
  byId("push-options").hidden = !push
  const events = pushModeSelect.value === "events"
  byId("push-resources-label").hidden = events
  byId("push-events-label").hidden = !events
}

// ---------------------------------------------------------------------------------------------
// Building requests
// ---------------------------------------------------------------------------------------------

class FormProblem extends Error {}

const parseJsonInput = (id: string, label: string): unknown => {
  const text = byId<HTMLInputElement | HTMLTextAreaElement>(id).value.trim()
  if (text === "") return undefined
  try {
    return JSON.parse(text)
  } catch {
    // Say where, never what: the field may hold a secret.
    throw new FormProblem(`${label}: not valid JSON`)
  }
}

/** A typed value from a text box: lists for `in`, numbers and booleans when they parse. */
const conditionValue = (op: string, text: string, type?: string): unknown => {
  const one = (t: string): unknown => {
    const s = t.trim()
    if (type === "number" && s !== "" && !Number.isNaN(Number(s))) return Number(s)
    if (type === "boolean" && (s === "true" || s === "false")) return s === "true"
    return s
  }
  if (op === "in" || op === "not_in")
    return text
      .split(",")
      .map(one)
      .filter((v) => v !== "")
  if (op === "exists") return text.trim() !== "false"
  return one(text)
}

const mapping = () =>
  [...document.querySelectorAll<HTMLTableRowElement>("tr.mapping-row")].flatMap((row) => {
    const from = row.querySelector<HTMLSelectElement>("select.mapping-from")!.value
    const to = row.querySelector<HTMLSelectElement>("select.mapping-to")!.value
    const transform = row.querySelector<HTMLSelectElement>("select.mapping-transform")!.value
    if (to === "") return []
    return [{ ...(from !== "" ? { from } : {}), to, ...(transform !== "" ? { transform } : {}) }]
  })

const conditions = (kind: "where" | "having") =>
  [...document.querySelectorAll<HTMLTableRowElement>(`tr.${kind}-row`)].flatMap((row) => {
    const field = row.querySelector<HTMLSelectElement>(`select.${kind}-field`)!.value
    const op = row.querySelector<HTMLSelectElement>(`select.${kind}-op`)!.value
    const text = row.querySelector<HTMLInputElement>(`input.${kind}-value`)!.value
    if (field === "" || op === "") return []
    const type = kind === "where" ? prefilterable.find((f) => f.name === field)?.type : originPaths.find((p) => p.path === field)?.type
    return [{ field, op, value: conditionValue(op, text, type) }]
  })

const buildRequest = (): { readonly kind: "pull" | "push"; readonly request: Record<string, unknown> } => {
  const origin = originInput.value.trim()
  const target = targetInput.value.trim()
  if (origin === "") throw new FormProblem("origin: required")
  if (target === "") throw new FormProblem("target: required")
  const request: Record<string, unknown> = { resource: resourceSelect.value, origin, target }
  const originAuth = parseJsonInput("origin-auth", "origin auth")
  const targetAuth = parseJsonInput("target-auth", "target auth")
  if (originAuth !== undefined) request.origin_auth = originAuth
  if (targetAuth !== undefined) request.target_auth = targetAuth
  const rules = mapping()
  if (rules.length > 0) request.mapping = rules
  const having = conditions("having")
  if (having.length > 0) request.having = having
  const batch = byId<HTMLInputElement>("batch-size").value.trim()
  if (batch !== "") request.batch_size = Number(batch)
  if (byId<HTMLInputElement>("dry-run").checked) request.dry_run = true
  if (operationSelect.value === "push") {
    const mode = pushModeSelect.value
    request.mode = mode
    const items = parseJsonInput(mode === "events" ? "push-events" : "push-resources", mode)
    if (!Array.isArray(items)) throw new FormProblem(`${mode}: expected a JSON array`)
    request[mode] = items
    return { kind: "push", request }
  }
  const start = byId<HTMLInputElement>("cursor-start").value.trim()
  request.cursor = {
    mode: byId<HTMLSelectElement>("cursor-mode").value,
    start: start === "" ? null : start,
    sort_by: byId<HTMLSelectElement>("cursor-sort-by").value
  }
  const where = conditions("where")
  if (where.length > 0) request.where = where
  return { kind: "pull", request }
}

// ---------------------------------------------------------------------------------------------
// Running and following a run
// ---------------------------------------------------------------------------------------------

const counterNames = [
  "read",
  "written",
  "created",
  "updated",
  "failed",
  "filtered_out",
  "skipped_seen",
  "total_events",
  "total_resources_fetched",
  "total_resources_pushed",
  "skipped_missing",
  "skipped_having"
]

const showSnapshot = (snapshot: Snapshot) => {
  const dl = byId<HTMLDListElement>("counters")
  dl.replaceChildren()
  const entries: Array<[string, number]> = [["batches", snapshot.batches]]
  for (const name of counterNames) if (snapshot.counters[name] !== undefined) entries.push([name, snapshot.counters[name]!])
  for (const [name, value] of entries) {
    const box = el("div", { id: `counter-${name}` })
    box.append(el("dt", {}, name), el("dd", { "data-counter": name }, String(value)))
    dl.append(box)
  }
  const cursor = (snapshot.result as { cursor?: unknown } | undefined)?.cursor ?? snapshot.cursor
  if (cursor !== undefined) byId("final-cursor").textContent = JSON.stringify(cursor, null, 2)
  if (snapshot.status === "running") setStatus("running", `Running… ${snapshot.counters.read ?? 0} read, ${snapshot.counters.written ?? 0} written`)
  else if (snapshot.status === "succeeded") {
    setStatus("succeeded", "Succeeded")
    byId("result").textContent = JSON.stringify(snapshot.result, null, 2)
  } else {
    setStatus("failed", "Failed")
    if (snapshot.error) showError(new ApiFailure(snapshot.error, 0))
  }
}

const runButton = byId<HTMLButtonElement>("run")

const finish = () => {
  runButton.disabled = false
}

/** Polls the status route: the fallback when the event stream breaks. */
const poll = async (runId: string) => {
  for (;;) {
    const snapshot = await call<Snapshot>(`/runs/${encodeURIComponent(runId)}`)
    showSnapshot(snapshot)
    if (snapshot.status !== "running") return finish()
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

const follow = (runId: string) => {
  const source = new EventSource(`${api}/runs/${encodeURIComponent(runId)}/events`)
  let ended = false
  source.addEventListener("progress", (event) => showSnapshot(JSON.parse((event as MessageEvent<string>).data)))
  source.addEventListener("end", (event) => {
    ended = true
    source.close()
    showSnapshot(JSON.parse((event as MessageEvent<string>).data))
    finish()
  })
  source.addEventListener("error", () => {
    if (ended) return
    source.close()
    poll(runId).catch((e) => {
      showError(e)
      finish()
    })
  })
}

const run = async () => {
  clearError()
  byId("result").textContent = "–"
  byId("final-cursor").textContent = "–"
  byId("counters").replaceChildren()
  let body: ReturnType<typeof buildRequest>
  try {
    body = buildRequest()
  } catch (e) {
    showError(e)
    return
  }
  runButton.disabled = true
  setStatus("starting", "Starting…")
  try {
    const started = await call<{ readonly run_id: string }>("/runs", { method: "POST", body })
    byId("run-id").textContent = started.run_id
    byId("run-id-line").hidden = false
    follow(started.run_id)
  } catch (e) {
    setStatus("failed", "Rejected")
    showError(e)
    finish()
  }
}

const saveFormatter = async () => {
  clearError()
  try {
    const rules = mapping()
    if (rules.length === 0) throw new FormProblem("mapping: add at least one row")
    const saved = await call<{ readonly formatter_id: string }>("/formatters/build", {
      method: "POST",
      body: { resource: resourceSelect.value, origin: originInput.value.trim(), target: targetInput.value.trim(), mapping: rules }
    })
    byId("formatter-id").textContent = saved.formatter_id
  } catch (e) {
    showError(e)
  }
}

// ---------------------------------------------------------------------------------------------
// Wiring
// ---------------------------------------------------------------------------------------------

const init = async () => {
  originInput.addEventListener(
    "input",
    debounce(() => void loadOrigin(), 250)
  )
  targetInput.addEventListener(
    "input",
    debounce(() => void loadTarget(), 250)
  )
  originInput.addEventListener("change", () => void loadOrigin())
  targetInput.addEventListener("change", () => void loadTarget())
  resourceSelect.addEventListener("change", () => {
    void loadOrigin()
    void loadTarget()
  })
  operationSelect.addEventListener("change", showOperation)
  pushModeSelect.addEventListener("change", showOperation)
  byId("add-mapping").addEventListener("click", addMappingRow)
  byId("add-where").addEventListener("click", addWhereRow)
  byId("add-having").addEventListener("click", addHavingRow)
  byId("save-formatter").addEventListener("click", () => void saveFormatter())
  byId<HTMLFormElement>("run-form").addEventListener("submit", (event) => {
    event.preventDefault()
    void run()
  })
  showOperation()
  try {
    const connectors = await call<ReadonlyArray<{ readonly name: string; readonly label: string }>>("/connectors")
    const list = byId("connector-list")
    for (const c of connectors) list.append(el("option", { value: c.name }, c.label))
  } catch (e) {
    showError(e)
  }
  document.body.dataset.ready = "true"
}

void init()

export {}
