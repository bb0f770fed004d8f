export * from './officers';
export * from './committees';
export * from './meetings';
export * from './record';
export * from './live';
export * from './filing';
export * from './storage';
export * from './coissue';
