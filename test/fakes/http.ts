import { http, type HttpHandler } from 'msw';
import type { FakeApi } from './serve.js';

// msw glue for the fakes. Serving over real HTTP lives in ./serve.ts (no msw import, so the
// production image's `nbsync demo` can use it); it is re-exported here for the tests.
export { serveFake, type FakeApi, type ServedFake } from './serve.js';

/** msw handlers that route every request under `baseUrl` to the fake. */
export function mswHandlers(baseUrl: string, fake: FakeApi): HttpHandler[] {
  const base = baseUrl.replace(/\/+$/, '');
  return [http.all(`${base}/*`, ({ request }) => fake.handle(request))];
}
