// An amount of money as people read it, the same wherever it is shown (the timeline's "won" line,
// a task's details, recorded costs, the report): grouped, two decimals, then the currency when known.
export function formatMoney(amount: number, currency: string | null | undefined): string {
  const figure = amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency ? `${figure} ${currency}` : figure;
}
