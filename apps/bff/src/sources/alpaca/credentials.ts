import type { Config } from '../../config';

/** Alpaca API credentials. */
export interface AlpacaCredentials {
  key: string;
  secret: string;
}

/** Why Alpaca is off. */
export interface AlpacaDisabled {
  disabled: string;
}

/** The credentials from config, or why Alpaca is disabled (routing logs it and refuses routes to Alpaca). */
export function alpacaCredentials(config: Pick<Config, 'ALPACA_KEY_ID' | 'ALPACA_SECRET_KEY'>): AlpacaCredentials | AlpacaDisabled {
  const key = config.ALPACA_KEY_ID?.trim() ?? '';
  const secret = config.ALPACA_SECRET_KEY?.trim() ?? '';
  if (key === '' && secret === '') return { disabled: 'alpaca disabled: set ALPACA_KEY_ID and ALPACA_SECRET_KEY' };
  if (key === '') return { disabled: 'alpaca disabled: ALPACA_SECRET_KEY is set but ALPACA_KEY_ID is not' };
  if (secret === '') return { disabled: 'alpaca disabled: ALPACA_KEY_ID is set but ALPACA_SECRET_KEY is not' };
  return { key, secret };
}

/** True when `c` holds credentials. */
export function isAlpacaEnabled(c: AlpacaCredentials | AlpacaDisabled): c is AlpacaCredentials {
  return !('disabled' in c);
}
