// A client process that sends N single-image operations at once and gives each up after GIVE_UP_MS, as a
// mobile app or a load balancer with a short timeout does; reports how many it gave up on.
const url = process.env.TARGET_URL!;
const n = Number(process.env.OPERATIONS ?? 2000);
const giveUpMs = Number(process.env.GIVE_UP_MS ?? 1000);
const query = 'query ($images: [ImageInput!]!) { predict(images: $images, modelId: "general-image-recognition") { concepts { name } } }';

const results = await Promise.allSettled(
  Array.from({ length: n }, (_, i) =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables: { images: [{ url: `https://img.example/abandoned/${i}.jpg` }] } }),
      signal: AbortSignal.timeout(giveUpMs),
    }).then((r) => r.text()),
  ),
);
process.send!({ abandoned: results.filter((r) => r.status === 'rejected').length });
