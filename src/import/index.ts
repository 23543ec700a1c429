export { importSite, type ImportFormat, type ImportOptions, type ImportReport } from './import-site.js';
export { formatImportReport } from './report.js';
