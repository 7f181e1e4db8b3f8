// Package demo loads the demo district (Kuiwen District, Weifang) into an
// empty database: its units, people of every role and, as the other areas
// land, meetings, cases and action items. It goes through the domain
// services, never SQL, so demo data obeys every rule real data does.
package demo

import (
	"context"
	"fmt"

	"liaison/app/account"
	"liaison/app/apperr"
)

// Password is the one documented password of every demo user; only demo
// data uses it.
const Password = "kuiwen-demo-2026"

// Units of the demo district; the first six names are fixed by the API contract
// (app/web/openapi/00_base.yaml).
var Units = []account.UnitInput{
	{Name: "区委依法治区办", ShortName: "依法治区办", Kind: account.KindRuleOfLawOffice},
	{Name: "区检察院", ShortName: "检察院", Kind: account.KindProcuratorate},
	{Name: "区司法局", ShortName: "司法局", Kind: account.KindJusticeBureau},
	{Name: "区政府", ShortName: "区政府", Kind: account.KindGovernment},
	{Name: "区委", ShortName: "区委", Kind: account.KindPartyCommittee},
	{Name: "区纪委监委", ShortName: "纪委监委", Kind: account.KindDisciplineCommission},
	{Name: "区人力资源和社会保障局", ShortName: "区人社局", Kind: account.KindAgency},
	{Name: "区市场监督管理局", ShortName: "区市场监管局", Kind: account.KindAgency},
	{Name: "区综合行政执法局", ShortName: "区综合执法局", Kind: account.KindAgency},
	{Name: "区自然资源局", ShortName: "区自然资源局", Kind: account.KindAgency},
	{Name: "区生态环境分局", ShortName: "区环境分局", Kind: account.KindAgency},
	{Name: "区卫生健康局", ShortName: "区卫健局", Kind: account.KindAgency},
	{Name: "区住房和城乡建设局", ShortName: "区住建局", Kind: account.KindAgency},
	{Name: "区应急管理局", ShortName: "区应急局", Kind: account.KindAgency},
}

// Person is one demo user.
type Person struct {
	Username, Name, Unit string
	Role                 account.Role
}

// People of the demo district: every role, spread over the units.
var People = []Person{
	{"admin", "系统管理员", "区委依法治区办", account.RoleAdmin},
	{"wang.fang", "王芳", "区委依法治区办", account.RoleSecretary},
	{"zhao.lei", "赵磊", "区委依法治区办", account.RoleLeader},
	{"li.jing", "李静", "区检察院", account.RoleSecretary},
	{"sun.qiang", "孙强", "区检察院", account.RoleLeader},
	{"zhou.min", "周敏", "区检察院", account.RoleMember},
	{"chen.hao", "陈浩", "区司法局", account.RoleSecretary},
	{"wu.li", "吴丽", "区司法局", account.RoleLeader},
	{"xu.tao", "徐涛", "区司法局", account.RoleMember},
	{"zheng.yu", "郑宇", "区政府", account.RoleLeader},
	{"he.ping", "何平", "区委", account.RoleMember},
	{"gao.yan", "高燕", "区纪委监委", account.RoleMember},
	{"liu.yang", "刘洋", "区人力资源和社会保障局", account.RoleMember},
	{"ma.li", "马丽", "区市场监督管理局", account.RoleMember},
	{"huang.wei", "黄伟", "区综合行政执法局", account.RoleMember},
	{"lin.na", "林娜", "区自然资源局", account.RoleMember},
	{"guo.jun", "郭军", "区生态环境分局", account.RoleMember},
	{"luo.xin", "罗欣", "区卫生健康局", account.RoleMember},
	{"song.bo", "宋博", "区住房和城乡建设局", account.RoleMember},
	{"tang.hui", "唐慧", "区应急管理局", account.RoleMember},
}

// Result says what was loaded.
type Result struct {
	Loaded bool // false when the database was not empty
	Users  []Person
}

// Load fills an empty database with the demo district. A database that
// already has users is left alone.
func Load(ctx context.Context, acc *account.Service) (Result, error) {
	n, err := acc.CountUsers(ctx)
	if err != nil || n > 0 {
		return Result{}, err
	}
	var res Result
	err = acc.DB.WithTx(ctx, func(ctx context.Context) error {
		ids := map[string]int64{}
		for _, in := range Units {
			u, err := acc.CreateUnit(ctx, account.System, in)
			if err != nil {
				return fmt.Errorf("unit %s: %w", in.Name, err)
			}
			ids[u.Name] = u.ID
		}
		for _, p := range People {
			_, err := acc.CreateUser(ctx, account.System, account.UserInput{
				Username: p.Username, DisplayName: p.Name, UnitID: ids[p.Unit], Role: p.Role,
				Email: p.Username + "@kuiwen.example.gov.cn", Password: Password,
			})
			if err != nil {
				return fmt.Errorf("user %s: %w", p.Username, err)
			}
		}
		return nil
	})
	if err != nil {
		return Result{}, apperr.Wrap(err, "demo")
	}
	res.Loaded, res.Users = true, People
	return res, nil
}

// Bootstrap gives an empty database its first admin, in the rule-of-law
// office, with a random password returned to be printed once.
func Bootstrap(ctx context.Context, acc *account.Service) (username, password string, err error) {
	n, err := acc.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", "", err
	}
	password = account.NewSecret(12)
	err = acc.DB.WithTx(ctx, func(ctx context.Context) error {
		unit, err := acc.ResolveUnit(ctx, Units[0].Name)
		if apperr.KindOf(err) == apperr.NotFound {
			unit, err = acc.CreateUnit(ctx, account.System, Units[0])
		}
		if err != nil {
			return err
		}
		_, err = acc.CreateUser(ctx, account.System, account.UserInput{Username: "admin", DisplayName: "系统管理员", UnitID: unit.ID, Role: account.RoleAdmin, Password: password})
		return err
	})
	return "admin", password, err
}
