// Generated names for the benchmarks: Chinese surnames, name words and villages (fictional).

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈'
export const WORDS =
  '华兴恒泰鑫源永盛宏达金鼎瑞丰嘉禾天成顺达联创福海青禾安泰润通明辉佳乐新峰祥和东昌远航利民长青博雅'
export const VILLAGES = [
  '东湖村',
  '西岭村',
  '南塘村',
  '北港村',
  '柳溪村',
  '石桥村',
  '杏花村',
  '枫林村',
  '白沙村',
  '金坝村',
  '新河社区',
  '桃源村',
]
