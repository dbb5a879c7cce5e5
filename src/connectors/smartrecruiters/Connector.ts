/**
 * The SmartRecruiters connector: jobs (read-only, in full with their job ads) and candidates (read,
 * create, update), read incrementally by `updatedOn`. SmartRecruiters'
 * webhook payloads are not in our vendor notes, so `parseEvent` is not offered; `fetchByEvents` serves
 * events given to a push.
 */
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Client from "./Client.js"
import * as Config from "./Config.js"
import * as Mapping from "./Mapping.js"
import * as Schemas from "./Schemas.js"

/** The SmartRecruiters connector: its registry entry (`factory`) and `make` from a configuration. */
export const { factory, make } = HttpConnector.define(
  { Config, Schemas, Mapping, Client },
  {
    warehouseType: "ats",
    description: "SmartRecruiters ATS: jobs (read) and candidates (read, create, update), incremental by updatedOn",
    api: {
      version: "Customer API v1 (Job API, Candidate API)",
      docs: [
        "https://developers.smartrecruiters.com/docs/the-smartrecruiters-platform",
        "https://developers.smartrecruiters.com/reference/jobsall-1",
        "https://developers.smartrecruiters.com/reference/candidatesall",
        "https://github.com/roksela/smartrecruiters-python-client/tree/6d0849d173a3d6718b5f0769098f4c76857f637d/docs"
      ],
      verified_at: "2026-12-05"
    },
    connector: (client) => ({
      capabilities: { read: ["job", "profile"], write: ["profile"], archive: [] },
      write: HttpConnector.onlyFor(
        { connector: Config.name, operation: "write", resource: "profile", reason: "jobs are read-only through this connector" },
        client.writeCandidates
      )
    })
  }
)
