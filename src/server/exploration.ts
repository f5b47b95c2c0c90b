import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import type { Config } from '../config/config.js';
import { EXAMPLE_DOCUMENT, EXAMPLE_VARIABLES } from './explorer/example-operation.js';

export type ExplorerKind = 'graphiql' | 'sandbox' | 'off';

export interface Exploration {
  introspection: boolean;
  landingPage: ApolloServerPlugin;
  /** Which IDE GET /graphql opens in a browser. */
  explorer: ExplorerKind;
  /** Whether the visual page is served at /demo. */
  demo: boolean;
}

/**
 * Which IDE a browser gets on GET /graphql. The default outside production is the self-hosted GraphiQL:
 * Apollo Sandbox loads from Apollo's CDN, so a newcomer offline (or behind a proxy) would get only
 * "Sandbox cannot be loaded". EXPLORER=sandbox brings Sandbox back where it can load. In production
 * the default is no IDE (Apollo's static page) and introspection is off unless INTROSPECTION=true; a
 * router composes this subgraph either way, since it reads `_service { sdl }`, which is not
 * introspection. CSRF prevention is unaffected: pages are served only to GETs that accept text/html.
 */
export function exploration(config: Pick<Config, 'NODE_ENV' | 'INTROSPECTION' | 'EXPLORER' | 'DEMO'>): Exploration {
  const development = config.NODE_ENV !== 'production';
  const explorer: ExplorerKind = config.EXPLORER ?? (development ? 'graphiql' : 'off');
  return {
    introspection: config.INTROSPECTION ?? development,
    landingPage: landingPage(explorer),
    explorer,
    demo: config.DEMO ?? development,
  };
}

function landingPage(explorer: ExplorerKind): ApolloServerPlugin {
  switch (explorer) {
    case 'sandbox':
      return ApolloServerPluginLandingPageLocalDefault({
        // No usage telemetry from developers' browsers to Apollo.
        embed: { runTelemetry: false },
        footer: false,
        document: EXAMPLE_DOCUMENT,
        variables: EXAMPLE_VARIABLES,
      });
    // GraphiQL is served by our own route (explorer/graphiql.ts), ahead of Apollo.
    case 'graphiql':
      return ApolloServerPluginLandingPageDisabled();
    case 'off':
      return ApolloServerPluginLandingPageProductionDefault({ footer: false });
  }
}
