package textset_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// publicPackages are the module's packages that other modules import.
var publicPackages = []string{"../dedup", "../classify", "../models", "../seeds", "../textset"}

// TestNoInternalTypesInPublicAPI checks that no exported declaration of a
// public package (function and method signatures, types and their exported
// fields, variables and constants with a written type) names a type of an
// internal package, which another module could not name. textset's own
// aliases are the one exception: they are how it names them.
func TestNoInternalTypesInPublicAPI(t *testing.T) {
	checked := 0
	for _, dir := range publicPackages {
		fset := token.NewFileSet()
		pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, pkg := range pkgs {
			for name, f := range pkg.Files {
				internal := map[string]bool{}
				for _, imp := range f.Imports {
					path, _ := strconv.Unquote(imp.Path.Value)
					if !strings.Contains(path, "/internal/") {
						continue
					}
					local := filepath.Base(path)
					if imp.Name != nil {
						local = imp.Name.Name
					}
					internal[local] = true
				}
				report := func(what string, n ast.Node) {
					checked++
					ast.Inspect(n, func(n ast.Node) bool {
						if sel, ok := n.(*ast.SelectorExpr); ok {
							if id, ok := sel.X.(*ast.Ident); ok && internal[id.Name] {
								t.Errorf("%s: %s mentions %s.%s, of an internal package", fset.Position(sel.Pos()), what, id.Name, sel.Sel.Name)
							}
						}
						return true
					})
				}
				for _, d := range f.Decls {
					switch d := d.(type) {
					case *ast.FuncDecl:
						if !d.Name.IsExported() || (d.Recv != nil && !exportedRecv(d.Recv)) {
							continue
						}
						report(d.Name.Name, d.Type)
					case *ast.GenDecl:
						for _, s := range d.Specs {
							switch s := s.(type) {
							case *ast.TypeSpec:
								if !s.Name.IsExported() || (s.Assign != 0 && pkg.Name == "textset") {
									continue
								}
								report(s.Name.Name, exportedPart(s.Type))
							case *ast.ValueSpec:
								for _, n := range s.Names {
									if n.IsExported() && s.Type != nil && pkg.Name != "textset" {
										report(n.Name, s.Type)
									}
								}
							}
						}
					}
				}
				_ = name
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked %d declarations, want the whole public API", checked)
	}
}

// exportedRecv reports whether a method's receiver type is exported.
func exportedRecv(l *ast.FieldList) bool {
	e := l.List[0].Type
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if ix, ok := e.(*ast.IndexExpr); ok {
		e = ix.X
	}
	id, ok := e.(*ast.Ident)
	return ok && id.IsExported()
}

// exportedPart returns a type with the unexported fields of its structs
// and methods of its interfaces left out.
func exportedPart(e ast.Expr) ast.Node {
	switch e := e.(type) {
	case *ast.StructType:
		out := &ast.FieldList{}
		for _, f := range e.Fields.List {
			keep := len(f.Names) == 0 // embedded
			for _, n := range f.Names {
				keep = keep || n.IsExported()
			}
			if keep {
				out.List = append(out.List, f)
			}
		}
		return out
	case *ast.InterfaceType:
		out := &ast.FieldList{}
		for _, f := range e.Methods.List {
			if len(f.Names) == 0 || f.Names[0].IsExported() {
				out.List = append(out.List, f)
			}
		}
		return out
	}
	return e
}
