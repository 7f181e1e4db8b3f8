package workday

import "time"

// handTable is the State Council's notices for 2024–2026 as transcribed by
// hand from the notices themselves, before the built-in schedule came from
// lunar-go. It is kept as an independent witness: TestBuiltin_MatchesHandTable
// checks the lunar-go schedule against it day by day, and the notice tests
// (schedule_test.go) check it against the notices' own words.
//
// Each block is transcribed from the notice quoted above it; ranges are the
// days off exactly as the notice states them. Where a notice says a single
// day "与周末连休" (joined to the weekend), the weekend days stay ordinary
// weekend days here (lunar-go lists them as part of the holiday: rest days
// either way).
func handTable() []Year {
	return []Year{
		{
			// 国务院办公厅关于2024年部分节假日安排的通知, 国办发明电〔2023〕7号, 2023-10-25.
			// Under the old law (11 days); 除夕 (02-09) is a working day: the
			// notice only encourages employers to let staff rest that day.
			Year: 2024,
			Holidays: []Holiday{
				{"元旦", ymd(2024, 1, 1), ymd(2024, 1, 1)},    // 1月1日放假，与周末连休
				{"春节", ymd(2024, 2, 10), ymd(2024, 2, 17)},  // 2月10日至17日，共8天
				{"清明节", ymd(2024, 4, 4), ymd(2024, 4, 6)},   // 4月4日至6日，共3天
				{"劳动节", ymd(2024, 5, 1), ymd(2024, 5, 5)},   // 5月1日至5日，共5天
				{"端午节", ymd(2024, 6, 10), ymd(2024, 6, 10)}, // 6月10日放假，与周末连休
				{"中秋节", ymd(2024, 9, 15), ymd(2024, 9, 17)}, // 9月15日至17日，共3天
				{"国庆节", ymd(2024, 10, 1), ymd(2024, 10, 7)}, // 10月1日至7日，共7天
			},
			MakeupWorkdays: []Date{
				ymd(2024, 2, 4), ymd(2024, 2, 18), // 春节
				ymd(2024, 4, 7),                    // 清明节
				ymd(2024, 4, 28), ymd(2024, 5, 11), // 劳动节
				ymd(2024, 9, 14),                    // 中秋节
				ymd(2024, 9, 29), ymd(2024, 10, 12), // 国庆节
			},
		},
		{
			// 国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号, 2024-11-12.
			// First year of the November 2024 revision of 全国年节及纪念日放假办法:
			// 13 days, 春节 and 劳动节 one more each, 春节 off from 除夕.
			Year: 2025,
			Holidays: []Holiday{
				{"元旦", ymd(2025, 1, 1), ymd(2025, 1, 1)},        // 1月1日（周三）放假1天，不调休
				{"春节", ymd(2025, 1, 28), ymd(2025, 2, 4)},       // 除夕（周二）至正月初七（周二），共8天
				{"清明节", ymd(2025, 4, 4), ymd(2025, 4, 6)},       // 4月4日（周五）至6日（周日），共3天
				{"劳动节", ymd(2025, 5, 1), ymd(2025, 5, 5)},       // 5月1日（周四）至5日（周一），共5天
				{"端午节", ymd(2025, 5, 31), ymd(2025, 6, 2)},      // 5月31日（周六）至6月2日（周一），共3天
				{"国庆节、中秋节", ymd(2025, 10, 1), ymd(2025, 10, 8)}, // 10月1日（周三）至8日（周三），共8天
			},
			MakeupWorkdays: []Date{
				ymd(2025, 1, 26), ymd(2025, 2, 8), // 春节
				ymd(2025, 4, 27),                    // 劳动节
				ymd(2025, 9, 28), ymd(2025, 10, 11), // 国庆节、中秋节
			},
		},
		{
			// 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04
			// (www.gov.cn/zhengce/content/202511/content_7047090.htm).
			Year: 2026,
			Holidays: []Holiday{
				{"元旦", ymd(2026, 1, 1), ymd(2026, 1, 3)},    // 1月1日（周四）至3日（周六），共3天
				{"春节", ymd(2026, 2, 15), ymd(2026, 2, 23)},  // 腊月二十八（周日）至正月初七（周一），共9天
				{"清明节", ymd(2026, 4, 4), ymd(2026, 4, 6)},   // 4月4日（周六）至6日（周一），共3天
				{"劳动节", ymd(2026, 5, 1), ymd(2026, 5, 5)},   // 5月1日（周五）至5日（周二），共5天
				{"端午节", ymd(2026, 6, 19), ymd(2026, 6, 21)}, // 6月19日（周五）至21日（周日），共3天
				{"中秋节", ymd(2026, 9, 25), ymd(2026, 9, 27)}, // 9月25日（周五）至27日（周日），共3天
				{"国庆节", ymd(2026, 10, 1), ymd(2026, 10, 7)}, // 10月1日（周四）至7日（周三），共7天
			},
			MakeupWorkdays: []Date{
				ymd(2026, 1, 4),                    // 元旦
				ymd(2026, 2, 14), ymd(2026, 2, 28), // 春节
				ymd(2026, 5, 9),                     // 劳动节
				ymd(2026, 9, 20), ymd(2026, 10, 10), // 国庆节
			},
		},
	}
}

// ymd keeps the table above readable.
func ymd(y int, m time.Month, day int) Date { return Date{y, m, day} }
