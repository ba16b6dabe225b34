import { randomInt } from 'node:crypto';

// A short version of Docker's namesgenerator: adjective_scientist.
const LEFT = [
  'admiring',
  'brave',
  'calm',
  'eager',
  'focused',
  'gallant',
  'happy',
  'jolly',
  'keen',
  'lucid',
  'modest',
  'nifty',
  'quirky',
  'serene',
  'vibrant',
  'zen',
];
const RIGHT = [
  'babbage',
  'curie',
  'darwin',
  'euler',
  'franklin',
  'goldberg',
  'hopper',
  'lovelace',
  'meitner',
  'noether',
  'pasteur',
  'ritchie',
  'shannon',
  'thompson',
  'turing',
  'wozniak',
];

export function randomContainerName(attempt: number): string {
  const name = `${LEFT[randomInt(LEFT.length)]}_${RIGHT[randomInt(RIGHT.length)]}`;
  return attempt > 0 ? `${name}${randomInt(10)}` : name;
}
