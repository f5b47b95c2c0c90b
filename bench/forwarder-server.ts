// The floor for scenario 4: a plain forwarder that takes the same JSON GraphQL request, makes one upstream
// call per request with undici and answers in the same shape. No GraphQL, no validation, no batching: what
// the service costs beyond this is our overhead.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

const upstream = process.env.UPSTREAM_URL!;
const pat = process.env.UPSTREAM_PAT!;
const agent = new Agent({ connections: Number(process.env.FORWARDER_CONNECTIONS ?? 64), keepAliveTimeout: 30_000 });
const path = '/v2/users/clarifai/apps/main/models/general-image-recognition/outputs';

type Body = { variables?: { images?: Array<{ url?: string; base64?: string }> } };
type Upstream = { outputs?: Array<{ data?: { concepts?: Array<{ id: string; name: string; value: number }> } }> };

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString()) as Body;
  const image = body.variables?.images?.[0] ?? {};
  const up = await request(`${upstream}${path}`, {
    method: 'POST',
    dispatcher: agent,
    headers: { authorization: `Key ${pat}`, 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: [{ data: { image } }] }),
  });
  const json = (await up.body.json()) as Upstream;
  const concepts = (json.outputs?.[0]?.data?.concepts ?? []).map(({ id, name, value }) => ({ id, name, value }));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ data: { predict: [{ input: { index: 0 }, concepts }] } }));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`LISTENING http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => process.exit(0));
