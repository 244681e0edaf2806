// Synthetic users_created messages in the style of randomuser.me, reproducible from a seed. See docs/decoder.md.
export {
  createUserGenerator,
  type GeneratedMessage,
  type UserGenerator,
  type UserGeneratorOptions,
  type UserMessageFormat,
} from './createUserGenerator';
export { pythonJsonDumps, pythonJsonString, type PythonJsonValue } from './pythonJson';
export { createRng, type Rng } from './rng';
export { NATIONALITIES, type Nationality } from './nationalities';
