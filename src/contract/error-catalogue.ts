// The closed catalogue of error codes keyward answers with, and the one table from code to HTTP
// status and title. Codes and titles follow Confluent's where Confluent documents one.

export const errorCatalogue = {
  malformed_json: { status: 400, title: 'Malformed JSON' },
  invalid_input: { status: 400, title: 'Invalid Input' },
  invalid_parameter: { status: 400, title: 'Invalid Parameter' },
  invalid_page_token: { status: 400, title: 'Invalid Page Token' },
  user_unauthenticated: { status: 401, title: 'Authentication Required' },
  quota_exceeded: { status: 402, title: 'Quota Exceeded' },
  user_unauthorized: { status: 403, title: 'User Access Unauthorized' },
  not_found: { status: 404, title: 'Not Found' },
  method_not_allowed: { status: 405, title: 'Method Not Allowed' },
  resource_already_exists: { status: 409, title: 'Resource Already Exists' },
  resource_in_use: { status: 409, title: 'Resource In Use' },
  payload_too_large: { status: 413, title: 'Payload Too Large' },
  unsupported_media_type: { status: 415, title: 'Unsupported Media Type' },
  invalid_configuration: { status: 422, title: 'Validation Failed' },
  too_many_requests: { status: 429, title: 'Too Many Requests' },
  internal_error: { status: 500, title: 'Internal Server Error' },
  service_unavailable: { status: 503, title: 'Service Unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalogue;
