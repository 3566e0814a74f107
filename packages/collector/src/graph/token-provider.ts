// The Graph client's AuthenticationProvider over an @azure/identity credential, keeping the token until shortly
// before it expires: one getToken per token, not one per request (the SDK's own provider asks for every request).
import type { AccessToken, TokenCredential } from "@azure/identity";
import type { AuthenticationProvider } from "@microsoft/microsoft-graph-client";

/** A token is renewed this long before it expires, so that no request goes out with one about to lapse. */
export const TOKEN_RENEW_MARGIN_MS = 5 * 60_000;

export class CredentialTokenProvider implements AuthenticationProvider {
  readonly #credential: TokenCredential;
  readonly #scope: string;
  readonly #now: () => number;
  #token: Promise<AccessToken> | null = null;

  constructor(credential: TokenCredential, scope: string, now: () => number = Date.now) {
    this.#credential = credential;
    this.#scope = scope;
    this.#now = now;
  }

  getAccessToken = async (): Promise<string> => {
    const held = this.#token;
    if (held !== null) {
      const token = await held.catch(() => null);
      if (token !== null && !this.#due(token)) return token.token;
      // Failed or about to lapse: the first caller to notice asks again, the others wait for its answer.
      if (this.#token === held) this.#token = null;
    }
    this.#token ??= this.#fetch();
    return (await this.#token).token;
  };

  #due(token: AccessToken): boolean {
    const now = this.#now();
    return token.expiresOnTimestamp - now <= TOKEN_RENEW_MARGIN_MS || (token.refreshAfterTimestamp ?? Infinity) <= now;
  }

  #fetch(): Promise<AccessToken> {
    const pending = this.#credential.getToken(this.#scope).then((token) => {
      if (!token?.token) throw new Error("the credential returned no token");
      return token;
    });
    // A failure is not kept: the next request asks the credential again.
    pending.catch(() => {
      if (this.#token === pending) this.#token = null;
    });
    return pending;
  }
}
