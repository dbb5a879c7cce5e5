/**
 * The playground's HTML: a static, accessible form (every control labelled, stable ids for tests and
 * assistive tools) whose options are filled by the client script from the schema endpoints. The only
 * server data in the page is a JSON configuration block, escaped so it cannot close its script tag.
 */

/** What the client script needs to know, embedded as JSON in the page. */
export interface Config {
  /** Where the JSON API is reachable from the page (`/api`, or `/playground/api` in playground-only mode). */
  readonly apiBase: string
  /** Every condition operator (offered in HAVING rows). */
  readonly operators: ReadonlyArray<string>
  readonly cursorModes: ReadonlyArray<string>
  readonly resources: ReadonlyArray<string>
  /** Transforms a mapping rule may apply. */
  readonly transforms: ReadonlyArray<string>
  /** Whether `/docs` exists (api or both mode). */
  readonly docs: boolean
}

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!)

/** JSON that is safe inside a `<script>` element (no `</script>`, no `<!--`). */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029")

const options = (values: ReadonlyArray<string>, selected?: string) =>
  values.map((v) => `<option value="${escapeHtml(v)}"${v === selected ? " selected" : ""}>${escapeHtml(v)}</option>`).join("")

/** Renders the playground page. */
export const render = (config: Config): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hrtech-etl playground</title>
<link rel="stylesheet" href="/playground/app.css">
<script id="playground-config" type="application/json">${scriptJson(config)}</script>
<script type="module" src="/playground/app.js"></script>
</head>
<body>
<header>
  <h1>hrtech-etl playground</h1>
  <nav aria-label="Documentation">${config.docs ? `<a href="/docs">API docs</a> · <a href="/openapi.json">OpenAPI</a>` : ""}</nav>
</header>
<main>
<form id="run-form" novalidate>
  <fieldset>
    <legend>Connection</legend>
    <div class="grid">
      <label for="origin">Origin (connector or URI)
        <input id="origin" name="origin" list="connector-list" autocomplete="off" spellcheck="false" placeholder="warehouse_a or file:jobs.jsonl" required>
      </label>
      <label for="origin-auth">Origin auth (JSON, never shown again)
        <input id="origin-auth" name="origin_auth" type="password" autocomplete="off" spellcheck="false" placeholder='{"api_key":"…"}'>
      </label>
      <label for="target">Target (connector or URI)
        <input id="target" name="target" list="connector-list" autocomplete="off" spellcheck="false" placeholder="sqlite:jobs.db" required>
      </label>
      <label for="target-auth">Target auth (JSON, never shown again)
        <input id="target-auth" name="target_auth" type="password" autocomplete="off" spellcheck="false" placeholder='{"token":"…"}'>
      </label>
      <label for="resource">Resource
        <select id="resource" name="resource">${options(config.resources, "job")}</select>
      </label>
      <label for="operation">Operation
        <select id="operation" name="operation">${options(["pull", "push"], "pull")}</select>
      </label>
    </div>
    <datalist id="connector-list"></datalist>
    <p class="hint" id="connector-hint">Storage URIs (<code>file:</code>, <code>sqlite:</code>) are relative to the server's data directory.</p>
  </fieldset>

  <fieldset id="pull-options">
    <legend>Cursor</legend>
    <div class="grid">
      <label for="cursor-mode">Cursor mode
        <select id="cursor-mode" name="cursor_mode">${options(config.cursorModes, "updated_at")}</select>
      </label>
      <label for="cursor-start">Start (inclusive; ISO date-time or id)
        <input id="cursor-start" name="cursor_start" autocomplete="off" placeholder="2024-01-01T00:00:00Z">
      </label>
      <label for="cursor-sort-by">Direction
        <select id="cursor-sort-by" name="cursor_sort_by">${options(["asc", "desc"], "asc")}</select>
      </label>
    </div>
  </fieldset>

  <fieldset id="push-options" hidden>
    <legend>Push input</legend>
    <div class="grid">
      <label for="push-mode">Push mode
        <select id="push-mode" name="push_mode">${options(["resources", "events"], "resources")}</select>
      </label>
    </div>
    <label for="push-resources" id="push-resources-label">Resources (JSON array of origin records)
      <textarea id="push-resources" name="resources" spellcheck="false" placeholder='[{"job_id":"j1","title":"Engineer"}]'></textarea>
    </label>
    <label for="push-events" id="push-events-label" hidden>Events (JSON array of change events)
      <textarea id="push-events" name="events" spellcheck="false" placeholder='[{"type":"updated","resource_id":"j1"}]'></textarea>
    </label>
  </fieldset>

  <fieldset>
    <legend>Mapping (origin field → target field)</legend>
    <p class="hint">Leave empty to map through the unified model.</p>
    <table class="rows" id="mapping-table">
      <thead><tr><th scope="col">From (origin)</th><th scope="col">To (target)</th><th scope="col">Transform</th><th scope="col"><span class="visually-hidden">Remove</span></th></tr></thead>
      <tbody id="mapping-rows"></tbody>
    </table>
    <button type="button" id="add-mapping">Add mapping row</button>
  </fieldset>

  <fieldset id="where-options">
    <legend>WHERE (sent to the origin: prefilterable fields only)</legend>
    <table class="rows" id="where-table">
      <thead><tr><th scope="col">Field</th><th scope="col">Operator</th><th scope="col">Value</th><th scope="col"><span class="visually-hidden">Remove</span></th></tr></thead>
      <tbody id="where-rows"></tbody>
    </table>
    <button type="button" id="add-where">Add WHERE row</button>
    <p class="hint">For <code>in</code>, separate values with commas.</p>
  </fieldset>

  <fieldset>
    <legend>HAVING (applied to each record after reading)</legend>
    <table class="rows" id="having-table">
      <thead><tr><th scope="col">Field</th><th scope="col">Operator</th><th scope="col">Value</th><th scope="col"><span class="visually-hidden">Remove</span></th></tr></thead>
      <tbody id="having-rows"></tbody>
    </table>
    <button type="button" id="add-having">Add HAVING row</button>
  </fieldset>

  <fieldset>
    <legend>Options</legend>
    <div class="grid">
      <label for="batch-size">Batch size
        <input id="batch-size" name="batch_size" type="number" min="1" max="100000" step="1" placeholder="1000">
      </label>
      <label class="inline" for="dry-run"><input id="dry-run" name="dry_run" type="checkbox"> Dry run (write nothing)</label>
    </div>
  </fieldset>

  <div class="actions">
    <button type="submit" id="run" class="primary">Run</button>
    <button type="button" id="save-formatter">Save mapping as formatter</button>
  </div>
</form>

<section aria-labelledby="progress-heading">
  <h2 id="progress-heading">Progress</h2>
  <p id="status" role="status" aria-live="polite" data-state="idle">Idle</p>
  <p id="run-id-line" hidden>Run <code id="run-id"></code></p>
  <dl class="counters" id="counters"></dl>
  <p id="error" role="alert"></p>
  <h3>Final cursor</h3>
  <pre id="final-cursor" aria-label="Final cursor">–</pre>
  <h3>Result</h3>
  <pre id="result" aria-label="Result">–</pre>
  <p>Saved formatter: <output id="formatter-id" aria-live="polite">–</output></p>
</section>
</main>
</body>
</html>
`
