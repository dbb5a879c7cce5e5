/**
 * Deterministic, realistic job records (~700 bytes of JSON each) shared by the fake server, the
 * framework runs and the hand-written baselines, plus the HAVING and mapping every benchmark uses.
 */

const NAMES = [
  "Senior Data Engineer",
  "Backend Developer (Node.js)",
  "Product Manager",
  "Account Executive",
  "UX Designer",
  "DevOps Engineer",
  "Customer Success Lead",
  "HR Business Partner",
  "Machine Learning Engineer",
  "Payroll Specialist",
  "Sales Development Representative",
  "QA Analyst"
]
const COMPANIES = ["Acme Corp", "Globex", "Initech", "Umbrella Health", "Hooli", "Stark Industries", "Wayne Logistics"]
const PLACES = [
  { text: "Paris, France", city: "Paris", region: "Île-de-France", country: "FR", lat: 48.8566, lng: 2.3522 },
  { text: "Berlin, Germany", city: "Berlin", region: "Berlin", country: "DE", lat: 52.52, lng: 13.405 },
  { text: "London, United Kingdom", city: "London", region: "England", country: "GB", lat: 51.5072, lng: -0.1276 },
  { text: "Madrid, Spain", city: "Madrid", region: "Community of Madrid", country: "ES", lat: 40.4168, lng: -3.7038 },
  { text: "Amsterdam, Netherlands", city: "Amsterdam", region: "North Holland", country: "NL", lat: 52.3676, lng: 4.9041 }
]
const SKILLS = ["python", "sql", "typescript", "kubernetes", "negotiation", "excel", "figma", "spark", "go", "salesforce"]
const TYPES = ["full_time", "full_time", "full_time", "part_time", "contract", "internship"]
const BASE = Date.UTC(2023, 0, 1)

/** The i-th job record in its JSON wire form (the original's unified vocabulary: `name`, `text`, `location.text`); `updated_at` ascends, four records share each second. */
export const job = (i) => {
  const place = PLACES[i % PLACES.length]
  const min = 30000 + ((i * 7919) % 60) * 1000
  return {
    id: `job-${String(i).padStart(8, "0")}`,
    reference: `REQ-${100000 + i}`,
    name: NAMES[i % NAMES.length],
    summary: `Join ${COMPANIES[i % COMPANIES.length]} to build the systems our customers rely on.`,
    text: "Own features end to end with product and design; hybrid work, learning budget.",
    url: `https://careers.example.com/jobs/${i}`,
    status: i % 10 === 0 ? "closed" : "open",
    employment_type: TYPES[i % TYPES.length],
    company: COMPANIES[i % COMPANIES.length],
    location: { ...place, remote: i % 4 === 0 },
    salary: { min, max: min + 20000 + (i % 5) * 5000, currency: "EUR", period: "year" },
    skills: [
      { name: SKILLS[i % SKILLS.length], type: "hard" },
      { name: SKILLS[(i + 3) % SKILLS.length], type: "hard" }
    ],
    created_at: new Date(BASE + Math.floor(i / 4) * 1000 - 86_400_000).toISOString(),
    updated_at: new Date(BASE + Math.floor(i / 4) * 1000).toISOString()
  }
}

/** Records [from, to) as an array. */
export const jobs = (from, to) => {
  const out = new Array(to - from)
  for (let i = from; i < to; i++) out[i - from] = job(i)
  return out
}

/** HAVING of every benchmark: keeps about 70% of the records. */
export const having = [{ field: "salary.max", op: "gte", value: 80000 }]

/** The same HAVING, hand-written (what the baselines use). */
export const keepByHand = (r) => {
  const max = r.salary?.max
  return typeof max === "number" && max >= 80000
}

/** The mapping formatter of every benchmark (origin unified job → target job). */
export const mapping = [
  { from: "id", to: "id" },
  { from: "reference", to: "requisition_id" },
  { from: "name", to: "name" },
  { from: "company", to: "company" },
  { from: "status", to: "status" },
  { from: "employment_type", to: "employment_type" },
  { from: "location", to: "location" },
  { from: "salary", to: "salary" },
  { from: "skills", to: "skills" },
  { from: "url", to: "url" },
  { from: "created_at", to: "created_at" },
  { from: "updated_at", to: "updated_at" }
]

/** The same mapping, hand-written. */
export const formatByHand = (r) => ({
  id: r.id,
  requisition_id: r.reference,
  name: r.name,
  company: r.company,
  status: r.status,
  employment_type: r.employment_type,
  location: r.location,
  salary: r.salary,
  skills: r.skills,
  url: r.url,
  created_at: r.created_at,
  updated_at: r.updated_at
})
