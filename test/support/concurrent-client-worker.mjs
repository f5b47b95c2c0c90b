// A GraphQL client in its own thread: it fires every request at once, so the server under test gets
// the whole of its own event loop, as it would with clients on other machines.
import { parentPort, workerData } from 'node:worker_threads';
import { Agent } from 'undici';

const { url, bodies, headers } = workerData;
const dispatcher = new Agent({ connections: bodies.length });
const results = await Promise.all(
  bodies.map(async (body) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, dispatcher });
    return { status: res.status, body: await res.json() };
  }),
);
await dispatcher.close();
parentPort.postMessage(results);
