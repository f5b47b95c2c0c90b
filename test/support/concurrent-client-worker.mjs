// A GraphQL client in its own thread, so the server under test gets the whole of its own event loop, as
// it would with clients on other machines. It fires every request at once, or keeps `concurrency`
// requests in flight (loops) when given.
import { parentPort, workerData } from 'node:worker_threads';
import { Agent } from 'undici';

const { url, bodies, headers, concurrency } = workerData;
const loops = Math.min(bodies.length, concurrency ?? bodies.length);
const dispatcher = new Agent({ connections: loops });
const results = new Array(bodies.length);
let next = 0;
await Promise.all(
  Array.from({ length: loops }, async () => {
    while (next < bodies.length) {
      const i = next++;
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: bodies[i], dispatcher });
      const text = await res.text();
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = { notJson: text.slice(0, 500) };
      }
      results[i] = { status: res.status, retryAfter: res.headers.get('retry-after'), body };
    }
  }),
);
await dispatcher.close();
parentPort.postMessage(results);
