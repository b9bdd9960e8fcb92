export { votingRoutes } from './routes.ts';
