import { ADAPTER_ERROR_CODES } from '../contract/adapter-error-codes.ts';
import { problemCatalogue } from '../contract/problem.ts';

/** An adapter's problems: each `type` is its docs page with the code as anchor. */
export const { problemFor, problemFromError } = problemCatalogue(ADAPTER_ERROR_CODES, {
  typeBase: 'https://zvh-broker.example/docs/adapter-errors',
  instancePrefix: 'urn:zvh-adapter:request:',
});
