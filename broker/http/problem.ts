import { problemCatalogue } from '../../adapters/contract/problem.ts';
import { ERROR_CODES } from '../errors/error-codes.ts';

/** The broker's problems: each `type` is its docs page with the code as anchor. */
export const { problemFor, problemFromError } = problemCatalogue(ERROR_CODES, {
  typeBase: 'https://zvh-broker.example/docs/errors',
  instancePrefix: 'urn:zvh-broker:request:',
});
