/**
 * Wires the server's real parts (index, retrievers, answerer) into an in-process evaluation target.
 */
import type { Config } from '../server/config.js';
import type { EvalTarget } from './types.js';

export async function loadInProcessTarget(_config: Config, _onProgress?: (line: string) => void): Promise<EvalTarget> {
  throw new Error('The in-process pipeline is not available in this build (server/retrieval and server/answer are missing); run against a server with --url.');
}
