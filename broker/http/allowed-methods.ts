/** A route as Hono lists it: middleware under `use` has the method `ALL`. */
interface ListedRoute {
  readonly method: string;
  readonly path: string;
}

function patternOf(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) return '[^/]+';
      if (segment === '*') return '.*';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/**
 * The methods an app answers at a path, from its own routes, so that a request with
 * another method gets 405 and an `Allow` header (RFC 9110 section 15.5.6) instead of the
 * 404 of a path that does not exist. Read once, after every route is registered.
 *
 * @example
 * const allowed = allowedMethods(app.routes);
 * allowed('/v1/cases/3f2c…'); // ['GET']
 */
export function allowedMethods(routes: readonly ListedRoute[]): (path: string) => string[] {
  const handlers = routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => ({ method: route.method, pattern: patternOf(route.path) }));
  return (path) => [
    ...new Set(handlers.filter(({ pattern }) => pattern.test(path)).map(({ method }) => method)),
  ];
}
