export { facilitationRoutes } from './routes.ts';
