// The 危化品 module's pages as tabs: the units with their GB 18218 result, the register, the
// statistics and the catalogue are one page (?tab=); the unit, chemical and licence lists are the kit's.
export const CHEM_TABS = [
  { name: 'chemicals', label: '单元与库存', query: { tab: 'units' } },
  { name: 'chemical-list', label: '危化品台账' },
  { name: 'chem-units', label: '单元台账' },
  { name: 'chemicals', label: '重大危险源', query: { tab: 'register' } },
  { name: 'chemicals', label: '统计台账', query: { tab: 'stats' } },
  { name: 'chem-licences', label: '经营许可证' },
  { name: 'chemicals', label: '化学品目录', query: { tab: 'catalog' } },
] as const
