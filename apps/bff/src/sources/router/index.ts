/** Source routing: several sources composed into one, built from the config. */
export { createRouterSource, isRouterSource, worseState, type RoutedSink, type RouterOptions, type RouterSource } from './router-source';
export { RouteError, createRouteTable, resolveOwnership, type Ownership, type RouteTable } from './routes';
export { LIVE_SHORTHAND, createSourcesFromConfig, extraInstrumentsOf, type SourcesFromConfigOptions } from './factory';
export { SOURCE_FACTORIES, type DisabledSource, type SourceFactory, type SourceFactoryContext } from './registry';
export { describeSources, type SourceStatus } from './status';
