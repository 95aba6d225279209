// One HTTP request over a given (keep-alive) agent, its answer read whole: for the tests that
// need real sockets, a connection reused across requests, or many requests at once.
import { request, type Agent, type IncomingHttpHeaders } from 'node:http';
import { basicAuth, type Credentials } from './test-app.js';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface AgentRequest {
  method?: string;
  /** Sent as `Authorization: Basic`; none when null or absent. */
  creds?: Credentials | null;
  headers?: Record<string, string>;
  body?: string;
}

export function requestOver(agent: Agent, url: string, options: AgentRequest = {}): Promise<Answer> {
  const { creds = null, body } = options;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      agent, method: options.method ?? 'GET',
      headers: { ...(creds && { authorization: basicAuth(creds.keyId, creds.secret) }), ...options.headers },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
