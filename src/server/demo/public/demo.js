// The demo page: a plain GraphQL client of this service (no build step, no library), so what it does is
// what any client can do: list models, then send images as a GraphQL multipart request.
import { renderCard, renderError } from './render.js';

const PREDICT = `query Demo($images: [ImageInput!]!, $modelId: ID!, $options: PredictOptions) {
  predict(images: $images, modelId: $modelId, options: $options) {
    input { index }
    concepts { name value }
    regions { boundingBox { top left bottom right } concepts { name value } }
  }
}`;
const $ = (id) => document.getElementById(id);

async function loadModels() {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ models { id backend available returnsRegions } }' }),
  });
  const { data, errors } = await res.json();
  if (!data) throw new Error(errors?.[0]?.message ?? `HTTP ${res.status}`);
  const select = $('model');
  select.replaceChildren(...data.models.map((m) => new Option(`${m.id} (${m.backend.toLowerCase()}${m.available ? '' : ', unavailable'})`, m.id)));
  // Without a key the Clarifai model is unavailable: start on a local one, preferring one that draws boxes.
  const usable = data.models.filter((m) => m.available);
  const first = usable.find((m) => m.backend === 'CLARIFAI') ?? usable.find((m) => m.returnsRegions) ?? usable[0];
  select.value = first?.id ?? data.models.find((m) => m.returnsRegions)?.id ?? data.models[0]?.id;
}

/** One multipart request for all images (GraphQL multipart request spec); the preflight header satisfies CSRF prevention. */
async function predict(files) {
  const body = new FormData();
  const maxConcepts = Number($('max-concepts').value) || undefined;
  const operations = {
    query: PREDICT,
    variables: { images: files.map(() => ({ file: null })), modelId: $('model').value, options: { maxConcepts } },
  };
  body.append('operations', JSON.stringify(operations));
  body.append('map', JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [`variables.images.${i}.file`]]))));
  files.forEach((file, i) => body.append(String(i), file, file.name));
  const res = await fetch('/graphql', { method: 'POST', headers: { 'Apollo-Require-Preflight': 'true' }, body });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 200)}` }] };
  }
}

async function run(fileList) {
  const files = [...fileList].filter((f) => f.size > 0);
  if (!files.length) return;
  $('global-error').hidden = true;
  $('status').textContent = `predicting ${files.length} image(s) with ${$('model').value}…`;
  const results = $('results');
  results.replaceChildren();
  const reply = await predict(files).catch((err) => ({ errors: [{ message: String(err) }] }));
  const items = reply.data?.predict ?? [];
  // Errors at ["predict", i] belong to image i; others (path ["predict"] or none) to the whole request.
  const perImage = new Map();
  for (const e of reply.errors ?? []) {
    if (e.path?.length === 2) perImage.set(e.path[1], e);
    else renderError($('global-error'), e);
  }
  files.forEach((file, i) => results.append(renderCard(file, items[i] ?? null, perImage.get(i))));
  $('status').textContent = reply.data?.predict ? 'done' : 'failed';
}

$('files').addEventListener('change', (e) => run(e.target.files));
const drop = $('drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  run(e.dataTransfer.files);
});
loadModels().catch((err) => renderError($('global-error'), { message: `Could not list models: ${err.message}` }));
