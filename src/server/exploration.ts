import type { ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import type { Config } from '../config/config.js';

/** What a browser opening /graphql in development starts with in Apollo Sandbox. */
const EXAMPLE_DOCUMENT = `# Labels a public image with Clarifai's general model.
# Send { "base64": "..." } instead of { "url": "..." } to label bytes; see the Schema tab for every limit and error code.
query Predict($images: [ImageInput!]!, $modelId: ID!, $options: PredictOptions) {
  predict(images: $images, modelId: $modelId, options: $options) {
    input { index url sha256 }
    concepts { id name value }
    regions { boundingBox { top left bottom right } concepts { name value } }
    model { id versionId }
  }
}
`;
const EXAMPLE_VARIABLES = {
  images: [{ url: 'https://samples.clarifai.com/metro-north.jpg' }],
  modelId: 'general-image-recognition',
  options: { maxConcepts: 5 },
};

export interface Exploration {
  introspection: boolean;
  landingPage: ApolloServerPlugin;
  /** Whether GET / should lead a browser to the Sandbox at /graphql. */
  redirectRoot: boolean;
}

/**
 * Development: Apollo Sandbox on GET /graphql (and /), introspection on. Production: Apollo's static page
 * (no embedded IDE) and introspection off unless INTROSPECTION=true. Either way a router can compose this
 * subgraph: it reads `_service { sdl }`, which is not introspection. CSRF prevention is unaffected: the
 * page is served only to GETs that accept text/html, before any operation runs.
 */
export function exploration(config: Pick<Config, 'NODE_ENV' | 'INTROSPECTION'>): Exploration {
  const development = config.NODE_ENV !== 'production';
  return {
    introspection: config.INTROSPECTION ?? development,
    landingPage: development
      ? ApolloServerPluginLandingPageLocalDefault({
          // No usage telemetry from developers' browsers to Apollo.
          embed: { runTelemetry: false },
          footer: false,
          document: EXAMPLE_DOCUMENT,
          variables: EXAMPLE_VARIABLES,
        })
      : ApolloServerPluginLandingPageProductionDefault({ footer: false }),
    redirectRoot: development,
  };
}
