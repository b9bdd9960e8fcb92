export { VotingBar } from './VotingBar.tsx';
export { CardVoting } from './CardVoting.tsx';
