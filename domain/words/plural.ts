// A count with its noun as English says it: "1 row", "2 rows", "1 sales rep".
export const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;
