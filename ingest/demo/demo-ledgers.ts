/**
 * The producers' gold sales and the Fairmined register, derived from the same producers as the assessments. Every
 * producer that mines gold sells once or twice a month from the month it joined, about a twelfth of its yearly
 * output each time; a certified producer sells most lots as Fairmined (labelled or incorporated) and earns the
 * premium on the fine gold: grams / 1000 × (premium_gold, plus premium_ecological_gold_extra for Ecological Gold),
 * both read from the catalogue. After a module 3 finding the engaged buyer leaves and gold goes to a local trader.
 */
import { NAMES } from './demo-names.ts';
import { isoDate } from './demo-dates.ts';
import type { DemoProducer } from './demo-producers.ts';
import { streamFor } from './demo-random.ts';

export const SALES_HEADER = [
  'sale_id',
  'producer_code',
  'sale_date',
  'period',
  'gold_grams',
  'fineness',
  'fine_gold_grams',
  'buyer',
  'fairmined_model',
  'is_ecological_gold',
  'premium_usd',
] as const;

export const REGISTER_HEADER = ['producer_code', 'organisation_name', 'country_code', 'certified_on', 'is_ecological_gold', 'status'] as const;

export interface Premiums {
  goldUsdPerKg: number;
  ecologicalExtraUsdPerKg: number;
}

/** What the ledger needs of a producer, small enough to keep for every producer of a large run. */
export interface SalesProfile {
  index: number;
  code: string;
  country: DemoProducer['country'];
  firstMs: number;
  annualGoldKg: number;
  fineness: number;
  buyer: string;
  disengagedMs: number;
  fairmined: DemoProducer['fairmined'];
}

export interface Sale {
  producer: number;
  dateMs: number;
  /** Every column but `sale_id`, which is numbered once the month's sales are in date order. */
  cells: string[];
}

export function salesProfile(producer: DemoProducer): SalesProfile {
  const { index, code, country, firstMs, annualGoldKg, fineness, buyer, disengagedMs, fairmined } = producer;
  return { index, code, country, firstMs, annualGoldKg, fineness, buyer, disengagedMs, fairmined };
}

export const round2 = (value: number): number => Math.round(value * 100) / 100;

/** The premium on one lot, in USD to the cent. */
export function premiumUsd(fineGoldGrams: number, ecological: boolean, premiums: Premiums): number {
  return round2((fineGoldGrams / 1000) * (premiums.goldUsdPerKg + (ecological ? premiums.ecologicalExtraUsdPerKg : 0)));
}

/** Rainy seasons, breakdowns and holidays: about one month in ten sees no sale. */
function skipsMonth(seed: number, producer: SalesProfile, year: number, month: number): boolean {
  const at = new Date(Date.UTC(year, month - 1, 1));
  return streamFor(seed, 'sales-skip', producer.index, at.getUTCFullYear(), at.getUTCMonth() + 1).chance(0.1);
}

/** A producer's sales in one month, up to `lastMs`. */
export function monthSales(seed: number, producer: SalesProfile, year: number, month: number, lastMs: number, premiums: Premiums): Sale[] {
  const monthStart = Date.UTC(year, month - 1, 1);
  const monthEnd = Date.UTC(year, month, 0);
  if (!producer.annualGoldKg || monthEnd < producer.firstMs || monthStart > lastMs) return [];
  if (skipsMonth(seed, producer, year, month)) return [];
  // Gold from months without a sale is sold with the next lot.
  let months = 1;
  while (months < 6 && Date.UTC(year, month - months, 0) >= producer.firstMs && skipsMonth(seed, producer, year, month - months)) months += 1;
  const random = streamFor(seed, 'sales', producer.index, year, month);
  const count = random.chance(0.35) ? 2 : 1;
  const firstDay = monthStart < producer.firstMs ? new Date(producer.firstMs).getUTCDate() : 1;
  const days = Array.from({ length: count }, () => random.int(firstDay, new Date(monthEnd).getUTCDate())).sort((a, b) => a - b);
  const sales: Sale[] = [];
  for (const day of days) {
    const dateMs = Date.UTC(year, month - 1, day);
    if (dateMs > lastMs) continue;
    const grams = round2(((producer.annualGoldKg * 1000 * months) / 12 / count) * random.between(0.6, 1.4));
    const fineness = Math.min(0.96, Math.max(0.75, producer.fineness + random.between(-0.012, 0.012)));
    const fine = round2(grams * Number(fineness.toFixed(3)));
    const certificate = producer.fairmined;
    const fairmined =
      certificate !== null && certificate.certifiedMs <= dateMs && dateMs < certificate.suspendedMs && random.chance(0.85);
    const ecological = fairmined && certificate!.ecological;
    const engaged = !(producer.disengagedMs <= dateMs);
    sales.push({
      producer: producer.index,
      dateMs,
      cells: [
        producer.code,
        isoDate(dateMs),
        isoDate(dateMs).slice(0, 7),
        grams.toFixed(2),
        fineness.toFixed(3),
        fine.toFixed(2),
        engaged ? producer.buyer : NAMES[producer.country].localTrader,
        fairmined ? certificate!.model : 'none',
        String(ecological),
        (fairmined ? premiumUsd(fine, ecological, premiums) : 0).toFixed(2),
      ],
    });
  }
  return sales;
}

/** The register row of a certified producer, as of `lastMs`; null when it was not certified by then. */
export function registerRow(producer: DemoProducer, lastMs: number): string[] | null {
  const certificate = producer.fairmined;
  if (!certificate || certificate.certifiedMs > lastMs) return null;
  return [
    producer.code,
    producer.name,
    producer.country,
    isoDate(certificate.certifiedMs),
    String(certificate.ecological),
    certificate.suspendedMs <= lastMs ? 'suspended' : 'certified',
  ];
}
