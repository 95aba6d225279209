// The baseline server of B1 and B7: Fastify, the same version as keyward's, with nothing but a
// route returning a constant (for GET, and for POST, where Fastify parses the JSON body first)
// and a route that always answers 200 with an empty body (what a delegated auth check costs when
// the check itself is free). No logger, no hooks.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/constant', async () => 'ok');
app.post('/constant', async () => 'ok');
app.all('/allow', async (_request, reply) => reply.code(200).send());
const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.BENCH_PORT ?? 0) });
process.stdout.write(`${JSON.stringify({ listening: address })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
