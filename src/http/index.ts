/**
 * Shared vendor-HTTP plumbing for HTTP connectors: auth, retries, rate limiting, paging.
 */
export * as Auth from "./Auth.js"
export * as ConnectorConfig from "./ConnectorConfig.js"
export * as HttpConnector from "./HttpConnector.js"
export * as Link from "./Link.js"
export * as Paging from "./Paging.js"
export * as RateLimit from "./RateLimit.js"
export * as ResponseBody from "./ResponseBody.js"
export * as Retry from "./Retry.js"
export * as RetryAfter from "./RetryAfter.js"
export * as SignedWebhook from "./SignedWebhook.js"
export * as VendorHttp from "./VendorHttp.js"
export * as VendorMessage from "./VendorMessage.js"
