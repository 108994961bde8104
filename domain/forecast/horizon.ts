// How far ahead a forecast may look and how many accounts the console runs one for; the CLI and
// the console accept the same days.
export const maxForecastDays = 730;

/** A forecast in a browser request stays quick: larger sets go to `harpoon journeys forecast`. */
export const maxConsoleForecastAccounts = 1000;

/** The days a person typed, or undefined when they are not a whole number from 1 to 730. */
export function parseForecastDays(text: string): number | undefined {
  const days = Number(text);
  return text.trim() !== '' && Number.isInteger(days) && days >= 1 && days <= maxForecastDays ? days : undefined;
}
