#!/usr/bin/env node
/**
 * Generates the bundled sample data set (data/sample/jobs.jsonl.gz, data/sample/profiles.jsonl.gz):
 * unified jobs and profiles from a seeded PRNG, so every run writes byte-identical files. Records are
 * in the original project's vocabulary (`name`, `text`, `location{text,lat,lng,fields}`, the salary
 * as the `ranges_float` entry named `salary`, `tags`, `metadatas`, `labels`, ...) and complete: this
 * project's extras (`salary`, `status`, `info.emails`, ...) agree with them, as `Unified.complete` keeps them.
 * Timestamps increase through the file and many records share one `updated_at` (bursts of edits),
 * which exercises cursor tie handling.
 *
 * Usage: node scripts/generate-sample.mjs [--jobs 3000] [--profiles 2000] [--seed 20240601] [--out data/sample]
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { gzipSync } from "node:zlib"

const args = process.argv.slice(2)
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback
}
const JOBS = Number(flag("jobs", "3000"))
const PROFILES = Number(flag("profiles", "2000"))
const SEED = Number(flag("seed", "20240601"))
const OUT = flag("out", "data/sample")

/** mulberry32: small, fast, good enough for fixtures; seeded so output is reproducible. */
const prng = (seed) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const makeRandom = (seed) => {
  const next = prng(seed)
  const int = (min, max) => min + Math.floor(next() * (max - min + 1))
  const pick = (list) => list[Math.floor(next() * list.length)]
  const chance = (p) => next() < p
  const sample = (list, n) => {
    const copy = [...list]
    const out = []
    while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0])
    return out
  }
  const weighted = (pairs) => {
    const total = pairs.reduce((s, [, w]) => s + w, 0)
    let r = next() * total
    for (const [value, w] of pairs) {
      if ((r -= w) < 0) return value
    }
    return pairs[pairs.length - 1][0]
  }
  return { next, int, pick, chance, sample, weighted }
}

const cities = [
  { city: "Paris", region: "Île-de-France", country: "FR", lat: 48.8566, lng: 2.3522, currency: "EUR" },
  { city: "Lyon", region: "Auvergne-Rhône-Alpes", country: "FR", lat: 45.764, lng: 4.8357, currency: "EUR" },
  { city: "Berlin", region: "Berlin", country: "DE", lat: 52.52, lng: 13.405, currency: "EUR" },
  { city: "München", region: "Bayern", country: "DE", lat: 48.1351, lng: 11.582, currency: "EUR" },
  { city: "Amsterdam", region: "Noord-Holland", country: "NL", lat: 52.3676, lng: 4.9041, currency: "EUR" },
  { city: "Madrid", region: "Comunidad de Madrid", country: "ES", lat: 40.4168, lng: -3.7038, currency: "EUR" },
  { city: "Barcelona", region: "Catalunya", country: "ES", lat: 41.3874, lng: 2.1686, currency: "EUR" },
  { city: "London", region: "England", country: "GB", lat: 51.5072, lng: -0.1276, currency: "GBP" },
  { city: "Manchester", region: "England", country: "GB", lat: 53.4808, lng: -2.2426, currency: "GBP" },
  { city: "Dublin", region: "Leinster", country: "IE", lat: 53.3498, lng: -6.2603, currency: "EUR" },
  { city: "New York", region: "NY", country: "US", lat: 40.7128, lng: -74.006, currency: "USD" },
  { city: "San Francisco", region: "CA", country: "US", lat: 37.7749, lng: -122.4194, currency: "USD" },
  { city: "Austin", region: "TX", country: "US", lat: 30.2672, lng: -97.7431, currency: "USD" },
  { city: "Toronto", region: "ON", country: "CA", lat: 43.6532, lng: -79.3832, currency: "CAD" },
  { city: "Montréal", region: "QC", country: "CA", lat: 45.5019, lng: -73.5674, currency: "CAD" },
  { city: "Zürich", region: "ZH", country: "CH", lat: 47.3769, lng: 8.5417, currency: "CHF" },
  { city: "Stockholm", region: "Stockholm", country: "SE", lat: 59.3293, lng: 18.0686, currency: "SEK" },
  { city: "Warszawa", region: "Mazowieckie", country: "PL", lat: 52.2297, lng: 21.0122, currency: "PLN" },
  { city: "Lisboa", region: "Lisboa", country: "PT", lat: 38.7223, lng: -9.1393, currency: "EUR" },
  { city: "Singapore", region: "Singapore", country: "SG", lat: 1.3521, lng: 103.8198, currency: "SGD" }
]

const companies = [
  "Acme Robotics",
  "Northwind Health",
  "Blue Harbor Logistics",
  "Cobalt Analytics",
  "Evergreen Foods",
  "Helios Energy",
  "Lumen Bank",
  "Maple & Co",
  "Nimbus Cloud",
  "Orchid Retail",
  "Pioneer Insurance",
  "Quartz Media",
  "Redwood Construction",
  "Saffron Hotels",
  "Tidal Mobility",
  "Umbra Security",
  "Vertex Pharma",
  "Willow Education",
  "Xenon Games",
  "Zephyr Aerospace"
]

const roles = [
  { title: "Software Engineer", dept: "Engineering", skills: ["TypeScript", "Node.js", "PostgreSQL", "Docker", "AWS", "React", "Go"] },
  { title: "Backend Engineer", dept: "Engineering", skills: ["Java", "Kotlin", "Spring", "PostgreSQL", "Kafka", "Kubernetes"] },
  { title: "Frontend Developer", dept: "Engineering", skills: ["React", "TypeScript", "CSS", "Accessibility", "Vite", "Figma"] },
  { title: "Data Scientist", dept: "Data", skills: ["Python", "pandas", "scikit-learn", "SQL", "Statistics", "PyTorch"] },
  { title: "Data Engineer", dept: "Data", skills: ["Python", "SQL", "Airflow", "Spark", "dbt", "BigQuery"] },
  { title: "DevOps Engineer", dept: "Platform", skills: ["Kubernetes", "Terraform", "AWS", "Linux", "Prometheus", "CI/CD"] },
  { title: "Product Manager", dept: "Product", skills: ["Roadmapping", "User research", "SQL", "Jira", "Stakeholder management"] },
  { title: "UX Designer", dept: "Design", skills: ["Figma", "User research", "Prototyping", "Design systems", "Accessibility"] },
  { title: "Sales Executive", dept: "Sales", skills: ["Negotiation", "CRM", "Salesforce", "Prospecting", "B2B sales"] },
  { title: "Account Manager", dept: "Sales", skills: ["Customer success", "CRM", "Upselling", "Communication"] },
  { title: "HR Business Partner", dept: "People", skills: ["Employee relations", "Labour law", "Workday", "Coaching"] },
  { title: "Talent Acquisition Specialist", dept: "People", skills: ["Sourcing", "Interviewing", "Greenhouse", "Employer branding"] },
  { title: "Financial Analyst", dept: "Finance", skills: ["Excel", "Financial modelling", "SQL", "SAP", "Forecasting"] },
  { title: "Accountant", dept: "Finance", skills: ["IFRS", "Bookkeeping", "Excel", "SAP", "Tax"] },
  { title: "Marketing Manager", dept: "Marketing", skills: ["SEO", "Content strategy", "Google Analytics", "HubSpot", "Copywriting"] },
  { title: "Customer Support Agent", dept: "Support", skills: ["Zendesk", "Communication", "Troubleshooting", "Empathy"] },
  { title: "Nurse", dept: "Clinical", skills: ["Patient care", "Triage", "Electronic health records", "First aid"] },
  { title: "Warehouse Operative", dept: "Operations", skills: ["Forklift", "Inventory", "Health and safety", "WMS"] },
  { title: "Chef de Partie", dept: "Kitchen", skills: ["Food safety", "Menu planning", "Team leadership", "Pastry"] },
  { title: "Electrical Engineer", dept: "Engineering", skills: ["AutoCAD", "PLC", "Power systems", "MATLAB"] }
]

const seniorities = ["Junior", "", "", "Senior", "Lead", "Principal", "Staff"]
const softSkills = ["Teamwork", "Communication", "Problem solving", "Ownership", "Mentoring", "Adaptability"]
const languageNames = ["English", "French", "German", "Spanish", "Dutch", "Portuguese", "Polish", "Swedish", "Mandarin"]
const levels = ["A2", "B1", "B2", "C1", "C2", "native"]
const firstNames = [
  "Alice",
  "Bruno",
  "Chloé",
  "Daniel",
  "Élodie",
  "Farid",
  "Greta",
  "Hiroshi",
  "Inès",
  "Jonas",
  "Kateryna",
  "Liam",
  "María",
  "Nikolai",
  "Olivia",
  "Pierre",
  "Quentin",
  "Rania",
  "Søren",
  "Tomás",
  "Uma",
  "Valentina",
  "Wojciech",
  "Xiao",
  "Yasmin",
  "Zoë",
  "Amara",
  "Björn",
  "Camille",
  "Dmitri",
  "Aoife",
  "Mehmet",
  "Priya",
  "Lucas",
  "Noah"
]
const lastNames = [
  "Martin",
  "Müller",
  "García",
  "Rossi",
  "Dubois",
  "Smith",
  "Kowalski",
  "Nguyen",
  "Andersson",
  "O'Brien",
  "Silva",
  "Novak",
  "Fernández",
  "Janssen",
  "Kim",
  "Laurent",
  "Schmidt",
  "Costa",
  "Moreau",
  "Patel",
  "Ivanova",
  "Bianchi",
  "Lefèvre",
  "Hansen",
  "Okafor",
  "Haddad",
  "Tanaka",
  "Meyer",
  "de Vries",
  "Wright"
]
const schools = [
  "Université Paris-Saclay",
  "TU München",
  "University of Amsterdam",
  "Universidad Complutense de Madrid",
  "University of Manchester",
  "Trinity College Dublin",
  "University of Toronto",
  "ETH Zürich",
  "KTH Royal Institute of Technology",
  "University of Warsaw",
  "Universidade de Lisboa",
  "National University of Singapore",
  "University of Texas at Austin",
  "Sciences Po",
  "Politecnico di Milano"
]
const degrees = [
  ["Bachelor of Science", "Computer Science"],
  ["Master of Science", "Data Science"],
  ["Master", "Business Administration"],
  ["Bachelor of Arts", "Economics"],
  ["BTS", "Hospitality"],
  ["Bachelor of Nursing", "Nursing"],
  ["Master of Engineering", "Electrical Engineering"],
  ["Licence", "Psychology"],
  ["Bachelor", "Marketing"],
  ["Diploma", "Logistics"]
]
const sources = ["careers-site", "linkedin", "referral", "indeed", "agency", "event"]
const stages = ["new", "screening", "interview", "offer", "hired", "rejected"]
const tagNames = ["priority", "relocation", "visa", "internal", "evergreen", "urgent"]

const iso = (ms) => new Date(ms).toISOString()
const pad = (n, width) => String(n).padStart(width, "0")
const slug = (s) =>
  s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")

/**
 * A clock that advances through the file: `created_at` strictly increases by a few minutes, and
 * `updated_at` comes in bursts (a group of records edited in one bulk action shares one instant).
 */
const makeClock = (r, startMs) => {
  let created = startMs
  let updated = startMs
  const pending = []
  return () => {
    if (pending.length === 0) {
      // Bursts of 1 to 25 records share an updated_at, set just after the burst's last created_at.
      const size = r.weighted([
        [1, 4],
        [r.int(2, 6), 3],
        [r.int(7, 25), 2]
      ])
      const burst = []
      for (let k = 0; k < size; k++) {
        created += r.int(1, 240) * 60_000 + r.int(0, 999)
        burst.push(created)
      }
      updated = Math.max(updated, created) + r.int(0, 180) * 60_000 + r.int(0, 999)
      for (const c of burst) pending.push({ created_at: iso(c), updated_at: iso(updated) })
    }
    return pending.shift()
  }
}

const salaryFor = (r, role, place, seniority) => {
  const base =
    {
      Engineering: 55,
      Data: 58,
      Platform: 57,
      Product: 62,
      Design: 48,
      Sales: 45,
      People: 44,
      Finance: 47,
      Marketing: 46,
      Support: 30,
      Clinical: 36,
      Operations: 26,
      Kitchen: 28
    }[role.dept] ?? 40
  const factor = { USD: 1.6, GBP: 1.1, CHF: 1.9, CAD: 1.3, SGD: 1.5, SEK: 11, PLN: 2.6, EUR: 1 }[place.currency] ?? 1
  const bump = { Junior: 0.75, Senior: 1.3, Lead: 1.45, Principal: 1.7, Staff: 1.6 }[seniority] ?? 1
  const min = Math.round(base * factor * bump * (0.9 + r.next() * 0.2)) * 1000
  return { min, max: min + r.int(5, 25) * 1000, currency: place.currency, period: "year" }
}

const employmentTypes = [
  ["full_time", 70],
  ["part_time", 8],
  ["contract", 10],
  ["temporary", 4],
  ["internship", 6],
  ["per_diem", 1],
  ["volunteer", 1]
]
const jobStatuses = [
  ["open", 70],
  ["closed", 15],
  ["draft", 8],
  ["archived", 7]
]

/** A place as the original project describes one (`text`, `lat`, `lng`, HrFlow's address `fields`), with this project's extras. */
const locationOf = (place, extra = {}) => ({
  text: `${place.city}, ${place.country}`,
  lat: place.lat,
  lng: place.lng,
  fields: { city: place.city, state: place.region, country: place.country },
  city: place.city,
  region: place.region,
  country: place.country,
  ...extra
})

/** A short stable key, as an origin system would give one. */
const keyOf = (r) => Array.from({ length: 12 }, () => "0123456789abcdef"[r.int(0, 15)]).join("")

const BOARD_KEY = "sample-board"
const SOURCE_KEY = "sample-source"

const makeJob = (r, i, clock) => {
  const role = r.pick(roles)
  const seniority = r.pick(seniorities)
  const name = seniority ? `${seniority} ${role.title}` : role.title
  const company = r.pick(companies)
  const place = r.pick(cities)
  const remote = r.chance(0.25)
  const employment_type = r.weighted(employmentTypes)
  const status = r.weighted(jobStatuses)
  const id = `job_${pad(i + 1, 5)}`
  const skills = [
    ...r.sample(role.skills, r.int(2, 4)).map((name) => ({ name, type: "hard", value: null })),
    ...r.sample(softSkills, r.int(0, 2)).map((name) => ({ name, type: "soft", value: null }))
  ]
  const { created_at, updated_at } = clock()
  const published = Date.parse(created_at) + r.int(0, 3) * 86_400_000
  const closes = status === "closed" || status === "archived" ? published + r.int(14, 60) * 86_400_000 : undefined
  const salary = r.chance(0.8) ? salaryFor(r, role, place, seniority) : undefined
  const responsibilities = `Own ${role.dept.toLowerCase()} work end to end and share what you learn.`
  const requirements = `Experience with ${skills
    .slice(0, 2)
    .map((s) => s.name)
    .join(" and ")}.`
  // The original project's fields first; this project's extras (kept equal to them) after.
  return {
    id,
    key: keyOf(r),
    reference: `REQ-${pad(r.int(1000, 99999), 5)}`,
    board_key: BOARD_KEY,
    name,
    url: `https://careers.example.com/${slug(company)}/${id}`,
    summary: `${company} is hiring a ${name} in ${place.city}.`,
    text:
      `As ${name} at ${company} you will join the ${role.dept} team in ${place.city}` +
      `${remote ? " (remote-friendly)" : ""}. You will work with ${skills.map((s) => s.name).join(", ")}.`,
    location: locationOf(place, { remote }),
    sections: [
      { name: "responsibilities", title: "What you will do", description: responsibilities },
      { name: "requirements", title: "What you bring", description: requirements }
    ],
    responsibilities,
    requirements,
    skills,
    languages: r.sample(languageNames, r.int(1, 2)).map((name) => ({ name, value: r.pick(levels) })),
    tags: [{ name: "department", value: role.dept }, ...(r.chance(0.3) ? [{ name: r.pick(tagNames), value: null }] : [])],
    metadatas: [{ name: "company", value: company }],
    ranges_float: salary ? [{ name: "salary", value_min: salary.min, value_max: salary.max, unit: salary.currency }] : [],
    ranges_date: status === "draft" ? [] : [{ name: "publication", value_min: iso(published), value_max: closes === undefined ? null : iso(closes) }],
    created_at,
    updated_at,
    archived_at: status === "archived" ? iso(closes) : null,
    status,
    employment_type,
    company,
    remote,
    ...(salary ? { salary } : {}),
    departments: [{ id: `dept_${slug(role.dept)}`, name: role.dept }],
    requisition_id: r.chance(0.7) ? `R${pad(r.int(1, 9999), 4)}` : null,
    apply_url: `https://careers.example.com/${slug(company)}/${id}/apply`,
    published_at: status === "draft" ? null : iso(published),
    closes_at: closes === undefined ? null : iso(closes),
    origin: "sample"
  }
}

const makeProfile = (r, i, clock) => {
  const first = r.pick(firstNames)
  const last = r.pick(lastNames)
  const place = r.pick(cities)
  const role = r.pick(roles)
  const id = `prf_${pad(i + 1, 5)}`
  const handle = `${slug(first)}.${slug(last)}${i + 1}`
  const { created_at, updated_at } = clock()
  const endYear = 2024 - r.int(0, 2)
  const experiences = []
  let year = endYear
  for (let k = 0, n = r.int(1, 4); k < n; k++) {
    const span = r.int(1, 5)
    const current = k === 0 && r.chance(0.6)
    const at = { city: place.city, country: place.country }
    experiences.push({
      key: keyOf(r),
      title: k === 0 ? role.title : r.pick(roles).title,
      company: r.pick(companies),
      description: `Worked on ${r.sample(role.skills, 2).join(" and ")}.`,
      location: { text: `${at.city}, ${at.country}`, fields: at, ...at },
      date_start: `${year - span}-${pad(r.int(1, 12), 2)}-01`,
      date_end: current ? null : `${year}-${pad(r.int(1, 12), 2)}-01`,
      skills: r.sample(role.skills, r.int(1, 3)).map((name) => ({ name, type: "hard", value: null })),
      current
    })
    year -= span
  }
  const [degree, field] = r.pick(degrees)
  const gradYear = year - r.int(0, 2)
  const email = `${handle}@example.com`
  const phone = r.chance(0.85) ? `+${r.int(1, 49)} ${r.int(100, 999)} ${pad(r.int(0, 999999), 6)}` : undefined
  const stage = r.pick(stages)
  const source = r.pick(sources)
  const jobIds = r.chance(0.7) ? [`job_${pad(r.int(1, JOBS), 5)}`] : []
  const summary = `${role.title} with ${endYear - year} years of experience in ${role.dept.toLowerCase()}.`
  const skills = [
    ...r.sample(role.skills, r.int(2, 5)).map((name) => ({ name, type: "hard", value: null })),
    ...r.sample(softSkills, r.int(1, 2)).map((name) => ({ name, type: "soft", value: null }))
  ]
  // The original project's fields first; this project's extras (kept equal to them) after.
  return {
    id,
    key: keyOf(r),
    reference: `CAND-${pad(r.int(1, 999999), 6)}`,
    source_key: SOURCE_KEY,
    info: {
      full_name: `${first} ${last}`,
      first_name: first,
      last_name: last,
      email,
      ...(phone ? { phone } : {}),
      date_birth: `${gradYear - r.int(21, 25)}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}`,
      location: locationOf(place),
      urls: r.chance(0.5) ? [{ type: "linkedin", url: `https://www.linkedin.com/in/${handle}` }] : [],
      summary,
      emails: [{ value: email, type: "personal" }],
      phones: phone ? [{ value: phone, type: "mobile" }] : [],
      headline: `${role.title} · ${place.city}`
    },
    text_language: "en",
    text: `${first} ${last}. ${summary} Skills: ${skills.map((s) => s.name).join(", ")}.`,
    experiences,
    educations: [
      {
        key: keyOf(r),
        title: degree,
        school: r.pick(schools),
        date_start: `${gradYear - r.int(2, 5)}-09-01`,
        date_end: `${gradYear}-06-30`,
        degree,
        field
      }
    ],
    skills,
    languages: r.sample(languageNames, r.int(1, 3)).map((name) => ({ name, value: r.pick(levels) })),
    interests: r.chance(0.4) ? [{ name: r.pick(["climbing", "chess", "music", "cooking", "open source"]), value: null }] : [],
    labels: jobIds.map((job) => ({ board_key: BOARD_KEY, job_key: job, stage, date_stage: updated_at })),
    tags: r.chance(0.2) ? [{ name: r.pick(tagNames), value: null }] : [],
    metadatas: [{ name: "channel", value: source }],
    created_at,
    updated_at,
    source,
    stage,
    job_ids: jobIds,
    origin: "sample"
  }
}

const generate = (count, seed, make) => {
  const r = makeRandom(seed)
  const clock = makeClock(r, Date.UTC(2023, 0, 2, 8, 0, 0))
  const lines = []
  for (let i = 0; i < count; i++) lines.push(JSON.stringify(make(r, i, clock)))
  return lines.join("\n") + "\n"
}

mkdirSync(OUT, { recursive: true })
// mtime 0 in the gzip header keeps the output byte-identical between runs.
const write = (name, text) => {
  const gz = gzipSync(Buffer.from(text, "utf8"), { level: 9 })
  gz.writeUInt32LE(0, 4)
  writeFileSync(join(OUT, name), gz)
  process.stderr.write(`${join(OUT, name)}: ${text.split("\n").length - 1} records, ${gz.length} bytes\n`)
}
write("jobs.jsonl.gz", generate(JOBS, SEED, makeJob))
write("profiles.jsonl.gz", generate(PROFILES, SEED + 1, makeProfile))
