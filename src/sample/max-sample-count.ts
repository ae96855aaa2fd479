/** The most leads `sample` generates in one run: the generated leads are held in memory (about 1 KB each). */
export const maxSampleCount = 1_000_000;
