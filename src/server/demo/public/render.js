// DOM for one image's result. Boxes are absolutely positioned in percent of the image, so they follow it
// when the card resizes, and tests (or people) can read labels from the DOM.
const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};
const pct = (v) => `${(Math.min(1, Math.max(0, v)) * 100).toFixed(2)}%`;

export function renderError(target, error) {
  const code = error.extensions?.code;
  target.textContent = code ? `${code}: ${error.message}` : error.message;
  target.hidden = false;
}

function renderBox(region) {
  const { top, left, bottom, right } = region.boundingBox;
  const best = region.concepts[0];
  const box = el('div', 'box');
  Object.assign(box.style, { top: pct(top), left: pct(left), width: pct(right - left), height: pct(bottom - top) });
  box.dataset.label = best?.name ?? '';
  box.append(el('span', 'label', best ? `${best.name} ${best.value.toFixed(2)}` : '?'));
  return box;
}

function renderBars(concepts) {
  const bars = el('div', 'bars');
  for (const c of concepts) {
    const bar = el('div', 'bar');
    bar.dataset.concept = c.name;
    const track = el('span', 'track');
    const fill = el('span', 'fill');
    fill.style.width = pct(c.value);
    track.append(fill);
    bar.append(el('span', 'name', c.name), track, el('span', 'value', c.value.toFixed(3)));
    bars.append(bar);
  }
  return bars;
}

export function renderCard(file, prediction, error) {
  const card = el('section', 'card');
  card.append(el('h2', '', file.name));
  const frame = el('div', 'frame');
  const img = el('img');
  img.alt = file.name;
  img.src = URL.createObjectURL(file);
  // A file the browser cannot show either (the error below says why): no broken-image icon.
  img.addEventListener('error', () => img.remove());
  frame.append(img);
  card.append(frame);
  if (prediction) {
    for (const region of prediction.regions) frame.append(renderBox(region));
    card.append(renderBars(prediction.concepts));
  } else {
    const p = el('p', 'error');
    renderError(p, error ?? { message: 'no result for this image' });
    card.append(p);
  }
  return card;
}
