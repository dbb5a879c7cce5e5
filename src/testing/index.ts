/**
 * hrtech-etl/testing: an in-memory connector, fake-server helpers and the connector conformance suite.
 */
export * as Conformance from "./Conformance.js"
export * as FakeServer from "./FakeServer.js"
export * as Memory from "./Memory.js"
export * as RoundTrip from "./RoundTrip.js"
