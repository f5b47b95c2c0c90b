import { LOCAL_OBJECTS_ID } from '../../backends/local/catalog.js';
import { EXAMPLE_IMAGE_BASE64 } from './example-image.js';

/** What GraphiQL and Apollo Sandbox open with: a local model and an embedded photo, so it runs with no key and offline. */
export const EXAMPLE_DOCUMENT = `# Labels a small embedded photo with a model that runs on this machine (no Clarifai key needed).
# With CLARIFAI_PAT set, try modelId "general-image-recognition" and { "url": "https://samples.clarifai.com/metro-north.jpg" }.
# The Docs / Schema tab lists every limit and error code. Press the run button (or Ctrl-Enter).
query Predict($images: [ImageInput!]!, $modelId: ID!, $options: PredictOptions) {
  predict(images: $images, modelId: $modelId, options: $options) {
    input { index sha256 }
    concepts { id name value }
    regions { boundingBox { top left bottom right } concepts { name value } }
    model { id versionId }
  }
}
`;

export const EXAMPLE_VARIABLES = {
  images: [{ base64: EXAMPLE_IMAGE_BASE64 }],
  modelId: LOCAL_OBJECTS_ID,
  options: { maxConcepts: 5 },
};
