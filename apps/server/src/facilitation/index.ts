export { facilitationRoutes, type FacilitationRoutesDeps } from './routes.ts';
export { timerRule } from './timer-rule.ts';
export { presenterPolicy } from './presenter.ts';
