/**
 * How many demo producers a benchmark asks for to get a given number of submissions. The generator is sized by
 * producers (each has one to three sites, visited about yearly), and a producer never depends on the others, so the
 * first N producers of any larger run are those of a run of N: counting their visits one producer at a time gives the
 * smallest N whose export holds at least the submissions wanted. The export is then capped at exactly that many,
 * which drops fewer submissions than one producer has (the latest ones in time).
 */
import { demoContext, demoProducer, type DemoOptions } from '../ingest/demo/demo-producers.ts';

export function producersForSubmissions(options: DemoOptions, submissions: number): number {
  const context = demoContext({ ...options, producers: 1 });
  let count = 0;
  let producers = 0;
  while (count < submissions) {
    for (const site of demoProducer(context, producers).sites) count += site.visits.length;
    producers += 1;
  }
  return producers;
}
