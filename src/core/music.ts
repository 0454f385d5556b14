/** Music sits at 20% under the narration and ducks to half of that while the voice speaks. */
export const MUSIC_DEFAULTS = { volume: 0.2, duckTo: 0.5 } as const;
