/** The priority names the API takes, and the pg-boss priority each stands for. */
export const PRIORITIES = { high: 10, normal: 0, low: -10 } as const;
export type Priority = keyof typeof PRIORITIES;
