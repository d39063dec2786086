/** The BFF's REST app type, for a typed `hc` client: `hc<AppType>(baseUrl)`. */
export type { RestApp as AppType } from './rest';
