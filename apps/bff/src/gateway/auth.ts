/** The gateway's view of auth: claims and channel patterns (verification lives in `../auth`). */
export { isChannelAllowed, type AuthClaims } from '../auth/claims';
