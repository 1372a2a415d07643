import { createRoot } from 'react-dom/client';
import { App } from './App';
import { Boot } from './Boot';

const root = createRoot(document.getElementById('root')!);
root.render(<Boot render={(props) => <App {...props} />} />);
