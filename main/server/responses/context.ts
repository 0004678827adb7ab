/** The responses routes' shared pieces; who owns a stored record is decided one floor up, for every store alike. */
export { ownerOf } from '../owner.js';
