/** The Candlewire wire contract: the one module both server and clients import. */
export * from './codes';
export * from './intervals';
export * from './channels';
export * from './channel-map';
export * from './data';
export * from './guards';
export * from './messages';
export * from './decode';
export * from './schemas';
export * from './snapshot';
