package testenv

import (
	"context"
	"net/http"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

func TestMain(m *testing.M) { Main(m) }

func TestDatabasesAreIsolatedPerTest(t *testing.T) {
	ctx := context.Background()
	a, b := Database(t), Database(t)
	if a.Name() == b.Name() {
		t.Fatalf("two calls returned the same database %q", a.Name())
	}
	if _, err := a.Collection("c").InsertOne(ctx, bson.D{{Key: "_id", Value: "x"}}); err != nil {
		t.Fatal(err)
	}
	n, err := b.Collection("c").CountDocuments(ctx, bson.D{})
	if err != nil || n != 0 {
		t.Fatalf("other database sees %d documents (%v), want 0", n, err)
	}
}

func TestComponentsAreSharedAndAnswer(t *testing.T) {
	k := StartKratos(t, "")
	if again := StartKratos(t, "http://elsewhere"); again != k {
		t.Fatal("a second StartKratos started another Kratos")
	}
	lk := StartLiveKit(t)
	mail := StartMail(t)
	for _, url := range []string{k.AdminURL + "/admin/health/ready", k.PublicURL + "/health/alive", lk.APIURL + "/", mail.APIURL + "/api/v1/messages"} {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", url, resp.StatusCode)
		}
	}
}

func TestKratosIdentityAndLogin(t *testing.T) {
	ctx := context.Background()
	k := StartKratos(t, "")
	email := "t-" + randomHex(4) + "@example.test"
	id, err := k.CreateIdentity(ctx, email, "Test Person", "a-long-test-password-1")
	if err != nil || id == "" {
		t.Fatalf("CreateIdentity = %q, %v", id, err)
	}
	token, err := k.Login(ctx, email, "a-long-test-password-1")
	if err != nil || token == "" {
		t.Fatalf("Login = %q, %v", token, err)
	}
	req, _ := http.NewRequest(http.MethodGet, k.PublicURL+"/sessions/whoami", nil)
	req.Header.Set("X-Session-Token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("whoami with the token = %d, want 200", resp.StatusCode)
	}
	if _, err := k.Login(ctx, email, "wrong-password-123"); err == nil {
		t.Fatal("Login with a wrong password succeeded")
	}
}
