import { describe, expect, it } from "vitest"
import * as VendorMessage from "../../src/http/VendorMessage.js"

describe("VendorMessage", () => {
  it("reads the field and reason of Greenhouse Harvest v3 validation errors ({errors:[{<field>: reason}]})", () => {
    const body = { message: "Unprocessable Content", errors: [{ first_name: "can't be blank" }] }
    expect(VendorMessage.messageOf(body)).toBe("Unprocessable Content: first_name can't be blank")
    expect(VendorMessage.fieldOf(body)).toBe("first_name")
  })

  it("keeps the shapes it read before", () => {
    expect(VendorMessage.messageOf({ message: "Validation error", errors: [{ message: "can't be blank", field: "email" }] })).toBe(
      "Validation error: can't be blank"
    )
    expect(VendorMessage.fieldOf({ errors: [{ message: "bad", field: "email" }] })).toBe("email")
    expect(VendorMessage.fieldOf({ errors: [{ detail: "bad", source: { pointer: "/data/attributes/title" } }] })).toBe("/data/attributes/title")
    expect(VendorMessage.messageOf({ error: "invalid_client", error_description: "wrong secret" })).toBe("invalid_client: wrong secret")
    expect(VendorMessage.messageOf({ errors: ["text"] })).toBe("text")
  })

  it("never takes an error's own code or type for a field", () => {
    expect(VendorMessage.fieldOf({ errors: [{ code: "E42" }] })).toBeUndefined()
    expect(VendorMessage.messageOf({ errors: [{ code: "E42" }] })).toBeUndefined()
  })
})
