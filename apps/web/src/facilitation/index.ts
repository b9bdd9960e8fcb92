export { FacilitationBar } from './FacilitationBar.tsx';
